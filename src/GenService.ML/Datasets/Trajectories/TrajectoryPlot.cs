using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.ML.Datasets.Trajectories;

/// <summary>
/// Draws tracks on a square picture, scaled to fit them with equal metres on both axes, y upwards, on a 1 m grid.
/// Lines are drawn without anti-aliasing, so the pixels do not depend on the CPU's vector unit.
/// </summary>
public static class TrajectoryPlot
{
    public const int MinSize = 64;
    public const int MaxSize = 2048;

    /// <summary>Colours for telling people apart, dark enough to read on white.</summary>
    public static IReadOnlyList<uint> Palette { get; } =
        [0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x8c564b, 0xe377c2, 0x17becf, 0x7f7f7f, 0xbcbd22];

    private const double MarginFraction = 0.05;

    /// <returns>uint8 [3, size, size].</returns>
    public static Tensor Draw(IReadOnlyList<PlottedTrack> tracks, int size)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        var all = tracks.SelectMany(t => t.Points).ToList();
        var (minX, maxX) = all.Count > 0 ? (all.Min(p => p.X), all.Max(p => p.X)) : (0.0, 1.0);
        var (minY, maxY) = all.Count > 0 ? (all.Min(p => p.Y), all.Max(p => p.Y)) : (0.0, 1.0);
        var span = Math.Max(Math.Max(maxX - minX, maxY - minY), 1.0);
        var scale = size * (1 - (2 * MarginFraction)) / span;
        var (centreX, centreY) = ((minX + maxX) / 2, (minY + maxY) / 2);
        SKPoint Pixel((double X, double Y) p) =>
            new((float)((size / 2.0) + ((p.X - centreX) * scale)), (float)((size / 2.0) - ((p.Y - centreY) * scale)));

        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        {
            DrawGrid(canvas, Pixel, centreX, centreY, span);
            foreach (var track in tracks)
            {
                using var paint = new SKPaint
                {
                    Color = new SKColor((byte)(track.Colour >> 16), (byte)(track.Colour >> 8), (byte)track.Colour),
                    StrokeWidth = track.Width,
                    Style = SKPaintStyle.Stroke,
                    IsAntialias = false,
                };
                for (var i = 1; i < track.Points.Count; i++)
                    canvas.DrawLine(Pixel(track.Points[i - 1]), Pixel(track.Points[i]), paint);
                if (track.MarkEnd && track.Points.Count > 0)
                {
                    paint.Style = SKPaintStyle.Fill;
                    canvas.DrawCircle(Pixel(track.Points[^1]), track.Width + 2, paint);
                }
            }
        }
        return Planar(bitmap, size);
    }

    /// <summary>Every track of the scene's frames from <paramref name="firstFrame"/> (a position among its frames)
    /// on, at most <paramref name="frameCount"/> of them, each person in their own colour with a dot where they end.</summary>
    /// <returns>uint8 [3, size, size].</returns>
    public static Tensor Scene(TrajectoryScene scene, int firstFrame, int frameCount, int size)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var frames = scene.Points.Select(p => p.Frame).Distinct().Order().Skip(firstFrame).Take(frameCount).ToHashSet();
        var tracks = scene.Points.Where(p => frames.Contains(p.Frame))
            .GroupBy(p => p.Pedestrian)
            .Select(g => new PlottedTrack([.. g.OrderBy(p => p.Frame).Select(p => (p.X, p.Y))], Palette[g.Key % Palette.Count], MarkEnd: true))
            .ToList();
        return Draw(tracks, size);
    }

    private static void DrawGrid(SKCanvas canvas, Func<(double X, double Y), SKPoint> pixel, double centreX, double centreY, double span)
    {
        using var paint = new SKPaint { Color = new SKColor(0xe0, 0xe0, 0xe0), StrokeWidth = 1, IsAntialias = false };
        var half = span * (0.5 + MarginFraction) / (1 - (2 * MarginFraction));
        for (var x = Math.Ceiling(centreX - half); x <= centreX + half; x++)
            canvas.DrawLine(pixel((x, centreY - half)), pixel((x, centreY + half)), paint);
        for (var y = Math.Ceiling(centreY - half); y <= centreY + half; y++)
            canvas.DrawLine(pixel((centreX - half, y)), pixel((centreX + half, y)), paint);
    }

    private static Tensor Planar(SKBitmap bitmap, int size)
    {
        var rgba = bitmap.GetPixelSpan();
        var pixels = size * size;
        var planar = new byte[3 * pixels];
        for (var i = 0; i < pixels; i++)
        {
            planar[i] = rgba[4 * i];
            planar[pixels + i] = rgba[(4 * i) + 1];
            planar[(2 * pixels) + i] = rgba[(4 * i) + 2];
        }
        return tensor(planar, [3, size, size], ScalarType.Byte);
    }
}
