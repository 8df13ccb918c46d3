namespace GenService.ML.Imaging;

/// <summary>The bytes are not a PNG, JPEG or WebP image that can be decoded, or the image is too large to accept.</summary>
public sealed class InvalidImageException : Exception
{
    public InvalidImageException()
    {
    }

    public InvalidImageException(string message)
        : base(message)
    {
    }

    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
