using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using SkiaSharp;

namespace GenService.Api.Tests.Datasets;

/// <summary>Zips built in memory from real photos (python3-skimage) and small generated images.</summary>
internal static class TestArchives
{
    private const string PhotoDirectory = "/usr/lib/python3/dist-packages/skimage/data";

    /// <summary>A photo shipped by python3-skimage: astronaut.png, coffee.png, chelsea.png (colour), camera.png (gray).</summary>
    public static byte[] Photo(string fileName) => File.ReadAllBytes(Path.Combine(PhotoDirectory, fileName));

    /// <summary>A small image of one colour, encoded by SkiaSharp.</summary>
    public static byte[] Solid(byte red, byte green, byte blue, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int width = 12, int height = 10)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(red, green, blue));
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>A side-by-side AB image: A one colour on the left half, B another on the right.</summary>
    public static byte[] SideBySide(SKColor a, SKColor b, int width = 24, int height = 10)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(b);
            using var paint = new SKPaint { Color = a };
            canvas.DrawRect(0, 0, width / 2, height, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Gray(byte value, SKEncodedImageFormat format = SKEncodedImageFormat.Png) => Solid(value, value, value, format);

    /// <summary>A zip of the given entries; a name ending in "/" is a folder entry.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                if (name.EndsWith('/'))
                    continue;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static MultipartFormDataContent Form(
        byte[] archive, string fileName = "pets.zip", string? name = null, int? imageSize = null, int? channels = null, string? kind = null, string? direction = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", fileName);
        if (name is not null)
            form.Add(new StringContent(name), "name");
        if (imageSize is not null)
            form.Add(new StringContent(imageSize.Value.ToString(CultureInfo.InvariantCulture)), "imageSize");
        if (channels is not null)
            form.Add(new StringContent(channels.Value.ToString(CultureInfo.InvariantCulture)), "channels");
        if (kind is not null)
            form.Add(new StringContent(kind), "kind");
        if (direction is not null)
            form.Add(new StringContent(direction), "direction");
        return form;
    }

    /// <summary>
    /// Rewrites the uncompressed size that the local and central headers of every entry declare, so
    /// the entries inflate to more than their headers admit (as a hostile archive's would).
    /// </summary>
    public static byte[] WithDeclaredSizes(byte[] zip, uint declaredSize)
    {
        var patched = (byte[])zip.Clone();
        for (var i = 0; i + 4 <= patched.Length; i++)
        {
            var signature = BitConverter.ToUInt32(patched, i);
            if (signature == 0x04034b50)
                BitConverter.TryWriteBytes(patched.AsSpan(i + 22, 4), declaredSize);
            else if (signature == 0x02014b50)
                BitConverter.TryWriteBytes(patched.AsSpan(i + 24, 4), declaredSize);
        }
        return patched;
    }
}
