using System.Diagnostics;
using System.Globalization;
using GenService.ML.Imaging;
using SkiaSharp;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>png</c> command: what libpng's row filters cost and save, the figures behind ImageCodec writing
/// every row Paeth-filtered instead of letting each row try all five filters (zlib level 6 both).
/// </summary>
public static class PngFilterBenchmark
{
    public const string Command = "png";

    private static readonly (string Name, SKPngEncoderFilterFlags Filters)[] Choices =
        [("all five filters", SKPngEncoderFilterFlags.AllFilters), ("Paeth only", SKPngEncoderFilterFlags.Paeth)];

    /// <param name="args">[--photos DIR] [--results DIR]: the scikit-image photos (a 64x64 crop of astronaut.png
    /// is timed) and the PNGs whose sizes are compared (the benchmark README's results).</param>
    public static IEnumerable<Measurement> Run(IReadOnlyList<string> args)
    {
        var photos = Option(args, "--photos") ?? "/usr/lib/python3/dist-packages/skimage/data";
        var resultsDirectory = Option(args, "--results") ?? "tests/GenService.Benchmarks/results";

        // The crop as Skia holds a decoded image, like the results' grids below (PNG is lossless).
        using var crop = ImageCodec.Decode(File.ReadAllBytes(Path.Combine(photos, "astronaut.png")), 64, 3);
        using (var bitmap = SKBitmap.Decode(ImageCodec.Encode(crop.Pixels, ImageFormat.Png)))
        using (var pixmap = bitmap.PeekPixels())
        {
            foreach (var (name, filters) in Choices)
            {
                var options = new SKPngEncoderOptions(filters, zLibLevel: 6);
                long bytes = 0;
                for (var i = 0; i < 100; i++)
                {
                    using var warm = pixmap.Encode(options)!;
                    bytes = warm.Size;
                }
                const int images = 2000;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < images; i++)
                    pixmap.Encode(options)!.Dispose();
                var microseconds = watch.Elapsed.TotalMicroseconds / images;
                yield return new Measurement($"64x64 photo crop, {name}", 1e6 / microseconds,
                    string.Create(CultureInfo.InvariantCulture, $"{microseconds:F0} µs per image, {bytes} bytes"));
            }
        }

        foreach (var file in Directory.GetFiles(resultsDirectory, "*.png").Order())
        {
            using var bitmap = SKBitmap.Decode(file);
            using var pixmap = bitmap.PeekPixels();
            var sizes = Choices.Select(choice =>
            {
                using var encoded = pixmap.Encode(new SKPngEncoderOptions(choice.Filters, zLibLevel: 6))!;
                return encoded.Size;
            }).ToList();
            yield return new Measurement($"{Path.GetFileName(file)} ({bitmap.Width}x{bitmap.Height})", double.NaN,
                string.Create(CultureInfo.InvariantCulture, $"{sizes[0]} → {sizes[1]} bytes ({(sizes[1] - sizes[0]) * 100.0 / sizes[0]:+0.0;-0.0} %)"));
        }
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
