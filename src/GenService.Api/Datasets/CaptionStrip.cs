using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// A caption drawn as a strip of light text on black to go under its image in a preview, wrapped at word breaks over
/// <see cref="Lines"/> lines, the last ending in "…" when the caption is longer.
/// </summary>
internal static class CaptionStrip
{
    public const int Lines = 3;
    private const float FontSize = 11;
    private const int LineHeight = 13;
    private const int Margin = 3;

    public static int Height => (Lines * LineHeight) + Margin;

    /// <param name="fontFile">A TrueType font; without one, the strips stay black (SkiaSharp's dependency-free build has no fonts of its own).</param>
    /// <returns>uint8 [N, 1, <see cref="Height"/>, width]: one strip a caption.</returns>
    public static Tensor Draw(IReadOnlyList<string> captions, int width, string fontFile)
    {
        using var typeface = File.Exists(fontFile) ? SKTypeface.FromFile(fontFile) : null;
        using var font = typeface is null ? null : new SKFont(typeface, FontSize);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var bitmap = new SKBitmap(width, Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var strips = empty([captions.Count, 1, Height, width], ScalarType.Byte);
        for (var i = 0; i < captions.Count; i++)
        {
            bitmap.Erase(SKColors.Black);
            if (font is not null)
            {
                using var canvas = new SKCanvas(bitmap);
                var lines = Wrap(captions[i], width - (2 * Margin), font);
                for (var line = 0; line < lines.Count; line++)
                    canvas.DrawText(lines[line], Margin, ((line + 1) * LineHeight) - 2, SKTextAlign.Left, font, paint);
            }
            using var strip = strips[i];
            bitmap.GetPixelSpan().CopyTo(strip.bytes);
        }
        return strips;
    }

    private static List<string> Wrap(string caption, int width, SKFont font)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in caption.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var longer = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(longer) <= width || line.Length == 0)
            {
                line = longer;
                continue;
            }
            lines.Add(line);
            line = word;
        }
        lines.Add(line);
        if (lines.Count <= Lines)
            return lines;
        lines = lines.Take(Lines).ToList();
        lines[^1] += " …";
        return lines;
    }
}
