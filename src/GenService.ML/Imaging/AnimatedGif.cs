using static TorchSharp.torch;

namespace GenService.ML.Imaging;

/// <summary>
/// Writes frames as a looping animated GIF (GIF89a): latent walks and noise variations as a clip.
/// Skia decodes GIF but cannot encode it, and an animation needs no more than this.
/// </summary>
/// <remarks>
/// One global palette for all frames, so colours do not flicker between them: the 256 gray levels for
/// grayscale frames (exact), a median-cut palette of the frames' own colours for colour ones.
/// </remarks>
public static class AnimatedGif
{
    public const string ContentType = "image/gif";

    private const int PaletteSize = 256;

    /// <param name="frames">[N, C, H, W] uint8, C = 1 or 3, N ≥ 1.</param>
    /// <param name="frameDelay">How long each frame shows; GIF counts in hundredths of a second.</param>
    public static byte[] Encode(Tensor frames, TimeSpan frameDelay)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.dim() != 4 || frames.dtype != ScalarType.Byte || frames.shape[0] < 1 || frames.shape[1] is not (1 or 3))
            throw new ArgumentException($"Expected uint8 frames [N, C, H, W] with C = 1 or 3, got {frames.dtype} [{string.Join(", ", frames.shape)}].", nameof(frames));
        var (count, channels, height, width) = ((int)frames.shape[0], (int)frames.shape[1], (int)frames.shape[2], (int)frames.shape[3]);
        if (width > ushort.MaxValue || height > ushort.MaxValue)
            throw new ArgumentException($"GIF frames are at most {ushort.MaxValue} pixels wide and high.", nameof(frames));

        // Interleaved pixels [N, H, W, C], one byte per channel.
        byte[] pixels;
        using (var interleaved = frames.permute(0, 2, 3, 1).contiguous())
            pixels = interleaved.data<byte>().ToArray();
        var pixelsPerFrame = height * width;
        var (palette, indices) = channels == 1 ? GrayPalette(pixels) : MedianCutPalette.Quantise(pixels, PaletteSize);

        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        writer.Write("GIF89a"u8);
        writer.Write((ushort)width);
        writer.Write((ushort)height);
        writer.Write((byte)0xF7);     // global colour table of 2^(7+1) entries, 8 bits per primary
        writer.Write((byte)0);        // background colour index
        writer.Write((byte)0);        // square pixels
        writer.Write(palette);
        WriteLoopForever(writer);
        var delay = (ushort)Math.Clamp(Math.Round(frameDelay.TotalMilliseconds / 10), 2, ushort.MaxValue);
        for (var frame = 0; frame < count; frame++)
        {
            WriteFrameDelay(writer, delay);
            writer.Write((byte)0x2C);  // image descriptor: whole canvas, no local palette, not interlaced
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)width);
            writer.Write((ushort)height);
            writer.Write((byte)0);
            GifLzw.Write(writer, indices.AsSpan(frame * pixelsPerFrame, pixelsPerFrame));
        }
        writer.Write((byte)0x3B);      // trailer
        writer.Flush();
        return output.ToArray();
    }

    private static (byte[] Palette, byte[] Indices) GrayPalette(byte[] pixels)
    {
        var palette = new byte[PaletteSize * 3];
        for (var level = 0; level < PaletteSize; level++)
            palette[3 * level] = palette[(3 * level) + 1] = palette[(3 * level) + 2] = (byte)level;
        return (palette, pixels);
    }

    /// <summary>The NETSCAPE2.0 application extension that browsers read as "repeat forever".</summary>
    private static void WriteLoopForever(BinaryWriter writer)
    {
        writer.Write([0x21, 0xFF, 0x0B]);
        writer.Write("NETSCAPE2.0"u8);
        writer.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
    }

    private static void WriteFrameDelay(BinaryWriter writer, ushort hundredths)
    {
        writer.Write([0x21, 0xF9, 0x04, 0x04]);   // graphic control: leave the frame in place, no transparency
        writer.Write(hundredths);
        writer.Write([0x00, 0x00]);
    }
}
