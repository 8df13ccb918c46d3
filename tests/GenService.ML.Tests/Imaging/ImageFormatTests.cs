using GenService.ML.Imaging;

namespace GenService.ML.Tests.Imaging;

public class ImageFormatTests
{
    [Theory]
    [InlineData("png", "png")]
    [InlineData("PNG", "png")]
    [InlineData(" Jpeg ", "jpeg")]
    [InlineData("jpg", "jpeg")]
    [InlineData("WebP", "webp")]
    [InlineData("image/png", "png")]
    [InlineData("IMAGE/JPEG", "jpeg")]
    public void ParsesNamesAndContentTypesInAnyCase(string text, string expected)
    {
        Assert.True(ImageFormat.TryParse(text, out var format));
        Assert.Equal(expected, format.Name);
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("png2")]
    public void RefusesOtherFormats(string? text) => Assert.False(ImageFormat.TryParse(text, out _));

    [Fact]
    public void EachFormatHasItsContentTypeAndExtension()
    {
        Assert.Equal(("image/png", ".png"), (ImageFormat.Png.ContentType, ImageFormat.Png.FileExtension));
        Assert.Equal(("image/jpeg", ".jpg"), (ImageFormat.Jpeg.ContentType, ImageFormat.Jpeg.FileExtension));
        Assert.Equal(("image/webp", ".webp"), (ImageFormat.Webp.ContentType, ImageFormat.Webp.FileExtension));
    }

    [Theory]
    [InlineData("cats/a.PNG", "png")]
    [InlineData("b.jpeg", "jpeg")]
    [InlineData("c.JPG", "jpeg")]
    [InlineData("d.webp", "webp")]
    public void RecognisesImageFileNames(string fileName, string expected) =>
        Assert.Equal(expected, ImageFormat.FromFileName(fileName)?.Name);

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("image.gif")]
    [InlineData("png")]
    public void OtherFileNamesAreNotImages(string fileName) => Assert.Null(ImageFormat.FromFileName(fileName));
}
