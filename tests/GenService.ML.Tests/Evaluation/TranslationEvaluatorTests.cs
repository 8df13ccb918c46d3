using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class TranslationEvaluatorTests
{
    public TranslationEvaluatorTests() => _ = TestTorch.Runtime;

    [Fact]
    public void ATranslatorThatReturnsItsInputScoresAsTheInputBaseline()
    {
        using var pairs = GrayscalePairs(40);

        var result = TranslationEvaluator.Evaluate(new BroadcastTranslator(), pairs, features: null, count: 40, CancellationToken.None);

        Assert.Equal(40, result.Figures[TranslationEvaluator.PairsName]);
        foreach (var name in new[] { TranslationScores.L1Name, ImagePairMetrics.PsnrName, ImagePairMetrics.SsimName })
            Assert.Equal(result.Figures[TranslationEvaluator.InputPrefix + name], result.Figures[name], 9);
        Assert.True(result.Figures[TranslationScores.L1Name] > 0);
        // Without a feature network there is no Fréchet distance.
        Assert.DoesNotContain(TranslationEvaluator.FrechetDistanceName, result.Figures.Keys);
        using var sheet = ImageCodec.DecodeAtOwnSize(result.ComparisonPng, 3, maxStoredPixels: 1 << 20);
        Assert.Equal(ComparisonSheet.Size(ComparisonSheet.Rows, 3, 32), (sheet.Source.Width, sheet.Source.Height));
    }

    [Fact]
    public void OnlyTheFirstPairsAreEvaluatedAndAnRgbInputOfAGrayTargetHasNoBaseline()
    {
        using var scope = NewDisposeScope();
        using var pairs = new ImagePairs(randint(0, 256, [12, 3, 32, 32], dtype: ScalarType.Byte), randint(0, 256, [12, 1, 32, 32], dtype: ScalarType.Byte));

        var result = TranslationEvaluator.Evaluate(new MeanTranslator(), pairs, features: null, count: 5, CancellationToken.None);

        Assert.Equal(5, result.Figures[TranslationEvaluator.PairsName]);
        Assert.DoesNotContain(result.Figures.Keys, name => name.StartsWith(TranslationEvaluator.InputPrefix, StringComparison.Ordinal));
        Assert.NotEmpty(result.ComparisonPng);
    }

    private static ImagePairs GrayscalePairs(int count)
    {
        using var generator = new Generator(7);
        using var images = new DatasetTensors(randint(0, 256, [count, 3, 32, 32], dtype: ScalarType.Byte, generator: generator), null, []);
        return DerivedPairs.Grayscale(images);
    }

    /// <summary>The input broadcast to three channels: exactly the input baseline.</summary>
    private sealed class BroadcastTranslator : IImageTranslator
    {
        public ImageShape InputShape => new(1, 32, 32);

        public Tensor Translate(Tensor inputs, IReadOnlyList<long> seeds) => inputs.expand(inputs.shape[0], 3, 32, 32).clone();
    }

    /// <summary>RGB to one channel by the channel mean.</summary>
    private sealed class MeanTranslator : IImageTranslator
    {
        public ImageShape InputShape => new(3, 32, 32);

        public Tensor Translate(Tensor inputs, IReadOnlyList<long> seeds) => inputs.mean([1], keepdim: true);
    }
}
