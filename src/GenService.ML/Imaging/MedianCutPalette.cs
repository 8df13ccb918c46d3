namespace GenService.ML.Imaging;

/// <summary>
/// Reduces RGB pixels to at most a given number of colours (Heckbert's median cut): the box of colours
/// with the widest channel range is split at its median until there are enough boxes, and each box's
/// mean is a palette entry. Pixels then take their nearest entry.
/// </summary>
internal static class MedianCutPalette
{
    /// <param name="rgb">Interleaved R, G, B bytes.</param>
    /// <returns>The palette as R, G, B triples (always <paramref name="size"/> of them, unused ones black)
    /// and one palette index per pixel.</returns>
    public static (byte[] Palette, byte[] Indices) Quantise(byte[] rgb, int size)
    {
        var pixelCount = rgb.Length / 3;
        var colours = new int[pixelCount];
        for (var i = 0; i < pixelCount; i++)
            colours[i] = (rgb[3 * i] << 16) | (rgb[(3 * i) + 1] << 8) | rgb[(3 * i) + 2];
        var distinct = colours.Distinct().ToArray();

        var boxes = new List<Box> { Box.Of(distinct) };
        while (boxes.Count < size)
        {
            var widest = boxes.MaxBy(box => box.Range)!;
            if (widest.Range == 0)
                break;
            var sorted = widest.Colours.OrderBy(colour => Channel(colour, widest.WidestChannel)).ToArray();
            var half = sorted.Length / 2;
            boxes.Remove(widest);
            boxes.Add(Box.Of(sorted[..half]));
            boxes.Add(Box.Of(sorted[half..]));
        }

        var palette = new byte[size * 3];
        for (var b = 0; b < boxes.Count; b++)
        {
            for (var c = 0; c < 3; c++)
                palette[(3 * b) + c] = (byte)Math.Round(boxes[b].Colours.Average(colour => Channel(colour, c)));
        }

        var nearest = new Dictionary<int, byte>();
        var indices = new byte[pixelCount];
        for (var i = 0; i < pixelCount; i++)
        {
            if (!nearest.TryGetValue(colours[i], out var index))
                nearest[colours[i]] = index = Nearest(palette, boxes.Count, colours[i]);
            indices[i] = index;
        }
        return (palette, indices);
    }

    private static int Channel(int colour, int channel) => (colour >> (16 - (8 * channel))) & 0xFF;

    /// <summary>Distinct colours and the channel along which they spread most, measured once.</summary>
    private sealed record Box(int[] Colours, int WidestChannel, int Range)
    {
        public static Box Of(int[] colours)
        {
            var (channel, range) = Enumerable.Range(0, 3)
                .Select(c => (Channel: c, Range: colours.Max(colour => MedianCutPalette.Channel(colour, c)) - colours.Min(colour => MedianCutPalette.Channel(colour, c))))
                .MaxBy(r => r.Range);
            return new Box(colours, channel, range);
        }
    }

    private static byte Nearest(byte[] palette, int used, int colour)
    {
        var (best, bestDistance) = (0, int.MaxValue);
        for (var p = 0; p < used; p++)
        {
            var distance = 0;
            for (var c = 0; c < 3; c++)
            {
                var difference = palette[(3 * p) + c] - Channel(colour, c);
                distance += difference * difference;
            }
            if (distance < bestDistance)
                (best, bestDistance) = (p, distance);
        }
        return (byte)best;
    }
}
