using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public sealed class LabelMapFidelityEvaluatorTests
{
    private static readonly SegmentationNetworkSettings Tiny = new(BaseChannels: 4, Levels: 3, Steps: 5, BatchSize: 4);

    public LabelMapFidelityEvaluatorTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_renderer_that_gives_back_the_real_images_scores_the_ceiling()
    {
        using var drawn = LandscapeSet.Draw(seed: 5, count: 10, size: 64);
        using var trainIndices = arange(0, 6, dtype: ScalarType.Int64);
        using var heldOutIndices = arange(6, 10, dtype: ScalarType.Int64);
        using var train = drawn.Select(trainIndices);
        using var heldOut = drawn.Select(heldOutIndices);
        var renderer = new RealImages(heldOut);
        using var segmenter = LabelMapFidelityEvaluator.TrainSegmenter(train, Tiny, CPU, seed: 1, CancellationToken.None);

        var result = LabelMapFidelityEvaluator.Evaluate(renderer, segmenter, train, heldOut, null, size: 64, count: 3, CancellationToken.None);

        var figures = result.Figures;
        Assert.Equal(3, figures[LabelMapFidelityEvaluator.MapsName]);
        Assert.Equal(figures[LabelMapFidelityEvaluator.RealPrefix + LabelMapFidelityEvaluator.MeanIouName], figures[LabelMapFidelityEvaluator.MeanIouName]);
        Assert.Equal(figures[LabelMapFidelityEvaluator.RealPrefix + LabelMapFidelityEvaluator.PixelAccuracyName], figures[LabelMapFidelityEvaluator.PixelAccuracyName]);
        Assert.InRange(figures[LabelMapFidelityEvaluator.PixelAccuracyName], 0, 1);
        Assert.Equal([0L, 1, 2], renderer.Seeds);
        var again = LabelMapFidelityEvaluator.Evaluate(new RealImages(heldOut), segmenter, train, heldOut, null, size: 64, count: 3, CancellationToken.None);
        Assert.Equal(result.Figures, again.Figures);
        Assert.Equal(result.ComparisonPng, again.ComparisonPng);
        Assert.False(figures.ContainsKey(LabelMapFidelityEvaluator.FrechetDistanceName));
    }

    [Fact]
    public void A_model_trained_smaller_is_measured_against_real_images_that_went_to_its_size_and_back()
    {
        using var drawn = LandscapeSet.Draw(seed: 5, count: 10, size: 64);
        using var trainIndices = arange(0, 6, dtype: ScalarType.Int64);
        using var heldOutIndices = arange(6, 10, dtype: ScalarType.Int64);
        using var train = drawn.Select(trainIndices);
        using var heldOut = drawn.Select(heldOutIndices);
        using var heldOutAt32 = heldOut.ResizedTo(32);
        using var segmenter = LabelMapFidelityEvaluator.TrainSegmenter(train, Tiny, CPU, seed: 1, CancellationToken.None);

        var result = LabelMapFidelityEvaluator.Evaluate(new RealImages(heldOutAt32), segmenter, train, heldOut, null, size: 32, count: 3, CancellationToken.None);

        var figures = result.Figures;
        Assert.Equal(figures[LabelMapFidelityEvaluator.RealPrefix + LabelMapFidelityEvaluator.MeanIouName], figures[LabelMapFidelityEvaluator.MeanIouName]);
        Assert.Equal(figures[LabelMapFidelityEvaluator.RealPrefix + LabelMapFidelityEvaluator.PixelAccuracyName], figures[LabelMapFidelityEvaluator.PixelAccuracyName]);
        using var sheet = ImageCodec.DecodeAtOwnSize(result.ComparisonPng, 3, maxStoredPixels: 1 << 20);
        Assert.Equal(ComparisonSheet.Size(3, 3, 32), (sheet.Source.Width, sheet.Source.Height));
    }

    [Fact]
    public void Given_a_feature_network_the_renderings_are_compared_with_the_real_images_next_to_real_training_images()
    {
        using var drawn = LandscapeSet.Draw(seed: 5, count: 10, size: 64);
        using var trainIndices = arange(0, 6, dtype: ScalarType.Int64);
        using var heldOutIndices = arange(6, 10, dtype: ScalarType.Int64);
        using var train = drawn.Select(trainIndices);
        using var heldOut = drawn.Select(heldOutIndices);
        // Untrained, and at half the maps' size: the renderings are resized to it as samples are.
        using var features = new FeatureExtractor(new FeatureNetwork(new FeatureNetworkArchitecture(new ImageShape(3, 32, 32), Outputs: 4, BaseChannels: 4)), CPU);

        using var segmenter = LabelMapFidelityEvaluator.TrainSegmenter(train, Tiny, CPU, seed: 1, CancellationToken.None);

        var figures = LabelMapFidelityEvaluator.Evaluate(new RealImages(heldOut), segmenter, train, heldOut, features, size: 64, count: 3, CancellationToken.None).Figures;

        var rendered = figures[LabelMapFidelityEvaluator.FrechetDistanceName];
        var floor = figures[LabelMapFidelityEvaluator.RealPrefix + LabelMapFidelityEvaluator.FrechetDistanceName];
        Assert.InRange(rendered, 0, 1e-6);
        Assert.True(floor > rendered, $"floor {floor}, renderings {rendered}");
    }

    [Fact]
    public void A_translator_of_painted_maps_renders_a_map_by_translating_its_painting_with_the_seeds()
    {
        using var drawn = LandscapeSet.Draw(seed: 5, count: 2, size: 64);
        var translator = new Identity();
        var renderer = new PaintedMapTranslator(translator, drawn.Classes, drawn.DontCareIndex);

        using var rendered = renderer.Render(drawn.Maps.to_type(ScalarType.Int64), null, [4, 9]);

        using var painted = LabelMapPalette.Paint(drawn.Maps, drawn.Classes, drawn.DontCareIndex).to_type(ScalarType.Float32).div(255f);
        Assert.True(rendered.eq(painted).all().item<bool>());
        Assert.Equal([4L, 9], translator.Seeds);
        using var style = zeros(2, 3, 64, 64);
        Assert.Throws<ArgumentException>(() => renderer.Render(drawn.Maps.to_type(ScalarType.Int64), style, [4, 9]));
    }

    /// <summary>Gives back its inputs, recording the seeds.</summary>
    private sealed class Identity : IImageTranslator
    {
        public List<long> Seeds { get; } = [];

        public ImageShape InputShape => new(3, 64, 64);

        public Tensor Translate(Tensor inputs, IReadOnlyList<long> seeds)
        {
            Seeds.AddRange(seeds);
            return inputs.clone();
        }
    }

    /// <summary>Renders held-out map i as held-out image i, recording the seeds it was asked for.</summary>
    private sealed class RealImages(LabelMapSet heldOut) : ILabelMapRenderer
    {
        public List<long> Seeds { get; } = [];

        public Tensor Render(Tensor maps, Tensor? styles, IReadOnlyList<long> seeds)
        {
            Seeds.AddRange(seeds);
            using var indices = tensor(seeds.ToArray());
            return heldOut.Images.index_select(0, indices).to_type(ScalarType.Float32).div(255f);
        }
    }
}
