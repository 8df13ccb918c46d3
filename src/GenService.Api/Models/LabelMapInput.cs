using System.Globalization;
using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Imaging;

namespace GenService.Api.Models;

/// <summary>
/// Reads an uploaded label map as class indices at the model's size: a grayscale or palette PNG holds the indices
/// themselves (as dataset uploads store them); a colour PNG is painted in the classes' colours and each colour is
/// turned back into its index. Either way it is centre-cropped to a square and resized by nearest neighbour.
/// </summary>
public static class LabelMapInput
{
    public const string FieldName = "labelMap";

    /// <summary>Where IHDR's colour type sits: after the 8-byte signature, the chunk's length and type, width, height and bit depth.</summary>
    private const int ColourTypeOffset = 25;
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private const int MaxListed = 10;

    /// <returns>size × size indices, row after row, and how they were made; Invalid (field "labelMap") naming unknown
    /// indices or colours and the classes' palette, or what is wrong with the file.</returns>
    public static ServiceResult<(byte[] Indices, string Conversion)> Read(byte[] png, IReadOnlyList<LabelClass> classes, int? dontCareIndex, int size)
    {
        if (png.Length <= ColourTypeOffset || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            return ServiceError.Invalid(FieldName, "The label map must be a PNG, of class indices (grayscale or palette) or painted in the classes' colours: JPEG and WebP blur the colours.");
        int width, height;
        byte[] indices;
        string read;
        try
        {
            if (png[ColourTypeOffset] is 0 or 3)
            {
                (width, height, indices) = IndexedPng.Decode(png, ImageCodec.DefaultMaxPixels);
                if (UnknownIndices(indices, width, classes, dontCareIndex) is { } unknown)
                    return unknown;
                read = "class indices";
            }
            else
            {
                var decoded = ImageCodec.DecodeRgba(png);
                (width, height) = (decoded.Width, decoded.Height);
                var mapped = ColoursToIndices(decoded, classes);
                if (mapped.Error is not null)
                    return mapped.Error;
                indices = mapped.Value!;
                read = "colours of the classes";
            }
        }
        catch (InvalidImageException exception)
        {
            return ServiceError.Invalid(FieldName, $"The label map is not usable: {exception.Message}");
        }
        var side = Math.Min(width, height);
        var conversion = string.Create(CultureInfo.InvariantCulture,
            $"label map {width}x{height} of {read}; centre crop {side}x{side}; resized to {size}x{size} by nearest neighbour");
        return (LabelMapSquare.CentreNearest(indices, width, height, size), conversion);
    }

    private static ServiceError? UnknownIndices(byte[] indices, int width, IReadOnlyList<LabelClass> classes, int? dontCareIndex)
    {
        var known = new bool[256];
        foreach (var labelClass in classes)
            known[labelClass.Index] = true;
        if (dontCareIndex is { } ignored)
            known[ignored] = true;
        var first = Array.FindIndex(indices, value => !known[value]);
        if (first < 0)
            return null;
        var unknown = indices.Where(value => !known[value]).Distinct().Order().Take(MaxListed);
        return ServiceError.Invalid(FieldName, string.Create(CultureInfo.InvariantCulture,
            $"The label map holds index {string.Join(", ", unknown)} (first at x={first % width}, y={first / width}), which no class of the model has. "
            + $"Its classes: {Palette(classes)}{(dontCareIndex is { } d ? $"; \"don't care\" {d}" : "")}."));
    }

    /// <summary>Alpha is ignored: a painted map is opaque wherever it matters.</summary>
    private static ServiceResult<byte[]> ColoursToIndices(RgbaImage image, IReadOnlyList<LabelClass> classes)
    {
        // Two classes may share a display colour; a painted pixel of it is the first of them.
        var byColour = classes.GroupBy(c => Rgb(c.ColourBytes())).ToDictionary(g => g.Key, g => (byte)g.First().Index);
        var indices = new byte[image.Width * image.Height];
        var unknown = new Dictionary<int, (long Pixels, int First)>();
        for (var i = 0; i < indices.Length; i++)
        {
            var colour = (image.Rgba[4 * i] << 16) | (image.Rgba[(4 * i) + 1] << 8) | image.Rgba[(4 * i) + 2];
            if (byColour.TryGetValue(colour, out var index))
                indices[i] = index;
            else
                unknown[colour] = unknown.TryGetValue(colour, out var seen) ? (seen.Pixels + 1, seen.First) : (1, i);
        }
        if (unknown.Count == 0)
            return indices;
        var listed = unknown.OrderByDescending(u => u.Value.Pixels).Take(MaxListed).Select(u => string.Create(CultureInfo.InvariantCulture,
            $"#{u.Key:x6} ({u.Value.Pixels} pixels, first at x={u.Value.First % image.Width}, y={u.Value.First / image.Width})"));
        return ServiceError.Invalid(FieldName,
            $"The label map has {unknown.Count} colour{(unknown.Count == 1 ? "" : "s")} that no class has: {string.Join(", ", listed)}"
            + $"{(unknown.Count > MaxListed ? ", ..." : "")}. Paint it in the classes' colours only (no antialiasing): {Palette(classes)}.");
    }

    private static string Palette(IReadOnlyList<LabelClass> classes) =>
        string.Join(", ", classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Index} {c.Name} {c.Colour}")));

    private static int Rgb((byte R, byte G, byte B) colour) => (colour.R << 16) | (colour.G << 8) | colour.B;
}
