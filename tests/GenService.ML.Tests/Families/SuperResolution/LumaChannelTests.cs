using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

public sealed class LumaChannelTests
{
    public LumaChannelTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(0, 0, 0, 16)]
    [InlineData(1, 1, 1, 235)]
    [InlineData(1, 0, 0, 16 + 65.481)]
    [InlineData(0, 1, 0, 16 + 128.553)]
    [InlineData(0, 0, 1, 16 + 24.966)]
    public void Rgb_gives_matlabs_rgb2ycbcr_luma_over_255(double r, double g, double b, double expectedOf255)
    {
        using var scope = NewDisposeScope();
        var pixel = tensor(new[] { r, g, b }).view(1, 3, 1, 1);

        var luma = LumaChannel.Of(pixel);

        Assert.Equal([1L, 1, 1, 1], luma.shape);
        Assert.Equal(expectedOf255 / 255, luma.item<double>(), 12);
    }

    [Fact]
    public void A_grey_image_is_its_own_luma()
    {
        using var scope = NewDisposeScope();
        var grey = rand(2, 1, 4, 5);

        Assert.True(LumaChannel.Of(grey).eq(grey).all().item<bool>());
    }
}
