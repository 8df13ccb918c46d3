using GenService.Api.Infrastructure;
using GenService.ML.Imaging;
using Microsoft.Net.Http.Headers;

namespace GenService.Api.Apis;

/// <summary>
/// Reads the image a route takes, sent either way a client finds natural: a multipart form with the file in
/// the field "image" (a browser form, curl -F), or the file itself as the body with its image media type
/// (curl --data-binary with Content-Type: image/png).
/// </summary>
public static class ImageUpload
{
    public const string FieldName = "image";

    /// <summary>Whether the request carries an image either way, rather than, say, JSON.</summary>
    public static bool IsImageUpload(HttpRequest request) =>
        request.HasFormContentType || IsImageMediaType(request.ContentType);

    /// <returns>The encoded file; Invalid when there is none; TooLarge over <paramref name="maxBytes"/>.</returns>
    public static async Task<ServiceResult<byte[]>> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return TooLarge(request.ContentLength.Value, maxBytes);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.GetFile(FieldName) is not { Length: > 0 } file)
                return ServiceError.Invalid(FieldName, $"Upload an image in the multipart form field \"{FieldName}\".");
            if (file.Length > maxBytes)
                return TooLarge(file.Length, maxBytes);
            await using var stream = file.OpenReadStream();
            return await ReadLimitedAsync(stream, maxBytes, cancellationToken);
        }
        if (!IsImageMediaType(request.ContentType))
            return ServiceError.Invalid(FieldName, "Send the image as multipart/form-data (field \"image\") or as the body with Content-Type image/png, image/jpeg or image/webp.");
        var body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        return body.Value is { Length: 0 } ? ServiceError.Invalid(FieldName, "The body is empty: send the image file.") : body;
    }

    private static bool IsImageMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && ImageFormat.All.Any(format => mediaType.MediaType.Equals(format.ContentType, StringComparison.OrdinalIgnoreCase));

    /// <summary>A chunked body declares no length: it is counted as it is read.</summary>
    private static async Task<ServiceResult<byte[]>> ReadLimitedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return TooLarge(null, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <param name="bytes">The declared size; null when the body was cut off at the limit.</param>
    private static ServiceError TooLarge(long? bytes, long maxBytes) =>
        ServiceError.TooLarge(
            $"{(bytes is { } size ? $"The image is {size} bytes" : "The image is larger than the limit")}: images are limited to {maxBytes} bytes (Inference:MaxImageUploadBytes).");
}
