using GenService.ML.Imaging;

namespace GenService.ML.Tests.Imaging;

public sealed class PalettePngTests
{
    [Fact]
    public void A_palette_png_reads_back_as_its_indices()
    {
        var values = Enumerable.Range(0, 5 * 3).Select(i => (byte)(i * 17)).ToArray();
        var palette = Enumerable.Range(0, 256 * 3).Select(i => (byte)i).ToArray();

        var png = PalettePng.Encode(values, width: 5, height: 3, palette);

        var (width, height, read) = IndexedPng.Decode(png, maxPixels: 100);
        Assert.Equal((5, 3), (width, height));
        Assert.Equal(values, read);
        Assert.Throws<ArgumentException>(() => PalettePng.Encode(values, width: 4, height: 3, palette));
    }
}
