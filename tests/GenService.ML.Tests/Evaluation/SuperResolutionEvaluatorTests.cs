using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class SuperResolutionEvaluatorTests
{
    public SuperResolutionEvaluatorTests() => _ = TestTorch.Runtime;

    [Fact]
    public void PhotosGiveTheSameCropsEveryTimeSpreadOverEachPhoto()
    {
        using var photos = new PhotoSet([Photo("wide", 40, 100, 1), Photo("tall", 90, 30, 2)]);

        using var crops = SuperResolutionHeldOutCrops.Of(photos, scale: 4, count: 9);
        using var again = SuperResolutionHeldOutCrops.Of(photos, scale: 4, count: 9);

        // 28: the smaller photo's shorter side (30) lowered to a multiple of 4; 9 / 2 photos = 4 each.
        Assert.Equal([8L, 3, 28, 28], crops.shape);
        Assert.True(crops.equal(again).all().item<bool>());
        // The four crops of a photo are four different places of it.
        Assert.Equal(4, Enumerable.Range(0, 4).Select(i => crops[i].sum().item<long>()).Distinct().Count());
        // The grid reaches the photo's corners: the first crop is its top-left, the last its bottom-right.
        Assert.True(crops[0].equal(photos.Photos[0].Pixels.narrow(1, 0, 28).narrow(2, 0, 28)).all().item<bool>());
        Assert.True(crops[3].equal(photos.Photos[0].Pixels.narrow(1, 12, 28).narrow(2, 72, 28)).all().item<bool>());
    }

    [Fact]
    public void ImagesOfOneSizeGiveTheirCentreCropsAtMostTheSRGANSize()
    {
        using var images = new DatasetTensors(randint(0, 256, [5, 1, 120, 110], dtype: ScalarType.Byte), null, []);

        using var crops = SuperResolutionHeldOutCrops.Of(images, scale: 4, count: 3);

        Assert.Equal([3L, 1, 96, 96], crops.shape);
        Assert.True(crops[2].equal(images.Images[2].narrow(1, 12, 96).narrow(2, 7, 96)).all().item<bool>());
    }

    [Fact]
    public void BicubicAsTheModelScoresExactlyAsTheBaselineAndTheSheetShowsFourColumns()
    {
        using var photos = new PhotoSet([Photo("a", 40, 44, 3), Photo("b", 36, 50, 4)]);
        using var crops = SuperResolutionHeldOutCrops.Of(photos, scale: 2, count: 20);

        var result = SuperResolutionEvaluator.Evaluate(new BicubicResolver(2), crops, CancellationToken.None);

        Assert.Equal(20, result.Figures[SuperResolutionEvaluator.CropsName]);
        Assert.Equal(2, result.Figures[SuperResolutionEvaluator.ScaleName]);
        Assert.Equal(36, result.Figures[SuperResolutionEvaluator.CropSizeName]);
        Assert.Equal(result.Figures[SuperResolutionEvaluation.BicubicPsnrName], result.Figures[ImagePairMetrics.PsnrName], 9);
        Assert.Equal(result.Figures[SuperResolutionEvaluation.BicubicSsimName], result.Figures[ImagePairMetrics.SsimName], 9);
        Assert.InRange(result.Figures[ImagePairMetrics.SsimName], 0, 1);
        using var sheet = ImageCodec.DecodeAtOwnSize(result.ComparisonPng, 3, maxStoredPixels: 1 << 20);
        Assert.Equal(ComparisonSheet.Size(ComparisonSheet.Rows, 4, 36), (sheet.Source.Width, sheet.Source.Height));
    }

    [Fact]
    public void TheScoresAreThoseOfTheWholeSetWhateverTheBatches()
    {
        using var photos = new PhotoSet([Photo("a", 40, 44, 5)]);
        using var crops = SuperResolutionHeldOutCrops.Of(photos, scale: 2, count: 20);
        var resolver = new BicubicResolver(2);

        var result = SuperResolutionEvaluator.Evaluate(resolver, crops, CancellationToken.None);

        using var scope = NewDisposeScope();
        var highResolution = crops.to_type(ScalarType.Float32).div(255f);
        var whole = SuperResolutionEvaluation.Compare(resolver.SuperResolve, new CropPair(BicubicResampling.Downscale(highResolution, 2), highResolution), 2);
        Assert.Equal(whole[ImagePairMetrics.PsnrName], result.Figures[ImagePairMetrics.PsnrName], 9);
        Assert.Equal(whole[ImagePairMetrics.SsimName], result.Figures[ImagePairMetrics.SsimName], 9);
    }

    private static Photo Photo(string name, int height, int width, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return new Photo(name, randint(0, 256, [3, height, width], dtype: ScalarType.Byte, generator: generator), HeldOut: true);
    }

    /// <summary>Bicubic upscaling posing as a model: it must score exactly as the baseline.</summary>
    private sealed class BicubicResolver(int scale) : ISuperResolver
    {
        public int Scale => scale;

        public Tensor SuperResolve(Tensor images) => BicubicResampling.Upscale(images, scale);
    }
}
