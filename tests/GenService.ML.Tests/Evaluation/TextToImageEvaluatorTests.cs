using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public sealed class TextToImageEvaluatorTests
{
    private static readonly ImageShape Shape = new(1, 16, 16);

    public TextToImageEvaluatorTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_model_that_draws_the_captions_own_image_scores_the_ceiling_and_the_next_captions_image_the_floor()
    {
        using var heldOut = Captioned(count: 6);
        using var classifier = new FeatureExtractor(new FeatureNetwork(new FeatureNetworkArchitecture(Shape, Outputs: 3, BaseChannels: 4)), CPU);
        var generator = new CaptionOwnersImage(heldOut);

        var result = TextToImageEvaluator.Evaluate(generator, heldOut, classifier, count: 5, CancellationToken.None);

        var figures = result.Figures;
        Assert.Equal(5, figures[TextToImageEvaluator.CaptionsName]);
        Assert.Equal(figures[TextToImageEvaluator.RealPrefix + TextToImageEvaluator.ClassRateName], figures[TextToImageEvaluator.ClassRateName]);
        Assert.InRange(figures[TextToImageEvaluator.FrechetDistanceName], 0, 1e-6);
        // Drawings of caption i + 1 (the last wraps to the first measured), scored against image i's class.
        using var predicted = classifier.Classify(heldOut.Images.Images.narrow(0, 0, 5));
        var labels = heldOut.Images.Labels!.data<long>().ToArray();
        var classes = predicted.data<long>().ToArray();
        var floor = Enumerable.Range(0, 5).Count(i => classes[(i + 1) % 5] == labels[i]) / 5.0;
        Assert.Equal(floor, figures[TextToImageEvaluator.ShuffledPrefix + TextToImageEvaluator.ClassRateName], 9);
        // Its embedding puts each image on its own caption: retrieval is perfect among the caption and the 4 others measured.
        Assert.Equal(1, figures[TextToImageEvaluator.RetrievalTop1Name]);
        Assert.Equal(1, figures[TextToImageEvaluator.RealPrefix + TextToImageEvaluator.RetrievalTop1Name]);
        Assert.Equal(5, figures[TextToImageEvaluator.RetrievalCandidatesName]);
        Assert.DoesNotContain(TextToImageEvaluator.AttributeRateName, figures.Keys);
        // Captions without unseen phrasings, as uploads have, get no unseen-phrasing rate.
        Assert.DoesNotContain(TextToImageEvaluator.UnseenPhrasingPrefix + TextToImageEvaluator.ClassRateName, figures.Keys);
        // Stage I draws the captions with the same seeds; this model draws the same image at both stages.
        Assert.Equal(figures[TextToImageEvaluator.ClassRateName], figures[TextToImageEvaluator.StageOnePrefix + TextToImageEvaluator.ClassRateName]);
        Assert.Equal([TextToImageStage.II, TextToImageStage.II, TextToImageStage.I], generator.Calls.Select(call => call.Stage));
        Assert.Equal([0L, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4], generator.Calls.SelectMany(call => call.Seeds));
        Assert.Equal(result.ComparisonPng, TextToImageEvaluator.Evaluate(new CaptionOwnersImage(heldOut), heldOut, classifier, count: 5, CancellationToken.None).ComparisonPng);
    }

    [Fact]
    public void Captions_in_an_unseen_phrasing_are_drawn_at_stage_II_with_the_same_seeds_and_scored_apart()
    {
        using var heldOut = Captioned(count: 6, unseenPhrasings: true);
        using var classifier = new FeatureExtractor(new FeatureNetwork(new FeatureNetworkArchitecture(Shape, Outputs: 3, BaseChannels: 4)), CPU);
        var generator = new CaptionOwnersImage(heldOut);

        var figures = TextToImageEvaluator.Evaluate(generator, heldOut, classifier, count: 5, CancellationToken.None).Figures;

        // Each unseen phrasing names its own image, so this model scores the ceiling on them too.
        Assert.Equal(figures[TextToImageEvaluator.ClassRateName], figures[TextToImageEvaluator.UnseenPhrasingPrefix + TextToImageEvaluator.ClassRateName]);
        var unseen = generator.Calls.Single(call => call.Prompts[0].StartsWith("a picture of", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"a picture of image {i}"), unseen.Prompts);
        Assert.Equal([0L, 1, 2, 3, 4], unseen.Seeds);
        Assert.Equal(TextToImageStage.II, unseen.Stage);
    }

    [Fact]
    public void Held_out_images_without_classes_are_refused()
    {
        using var images = new DatasetTensors(randint(0, 256, Shape.AsBatch(2), dtype: ScalarType.Byte), null, []);
        using var heldOut = new CaptionSet(images, [new(["a coat"], [], true), new(["a shoe"], [], true)], null);
        using var classifier = new FeatureExtractor(new FeatureNetwork(new FeatureNetworkArchitecture(Shape, Outputs: 3, BaseChannels: 4)), CPU);

        var refused = Assert.Throws<ArgumentException>(() => TextToImageEvaluator.Evaluate(new CaptionOwnersImage(heldOut), heldOut, classifier, 2, CancellationToken.None));
        Assert.Contains("no classes", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Images of three classes, each captioned with its own index so a prompt names its image ("image 4"), and,
    /// with <paramref name="unseenPhrasings"/>, in another phrasing that names it too ("a picture of image 4").</summary>
    private static CaptionSet Captioned(int count, bool unseenPhrasings = false)
    {
        var generator = new Generator().manual_seed(3);
        var images = new DatasetTensors(
            randint(0, 256, Shape.AsBatch(count), dtype: ScalarType.Byte, generator: generator),
            tensor(Enumerable.Range(0, count).Select(i => (long)(i % 3)).ToArray()),
            ["coat", "shoe", "bag"]);
        return new CaptionSet(
            images, [.. Enumerable.Range(0, count).Select(i => new ImageCaptions([$"image {i}"], unseenPhrasings ? [$"a picture of image {i}"] : [], true))], null);
    }

    /// <summary>Draws, for a prompt ending "image i", held-out image i at the dataset's shape, whatever the seed.</summary>
    private sealed class CaptionOwnersImage(CaptionSet heldOut) : ITextToImageGenerator
    {
        public List<(IReadOnlyList<string> Prompts, IReadOnlyList<long> Seeds, TextToImageStage Stage)> Calls { get; } = [];

        public ImageShape StageShape(TextToImageStage stage) => Shape;

        public Tensor Generate(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds, TextToImageStage stage)
        {
            Calls.Add((prompts, seeds, stage));
            using var indices = Indices(prompts);
            return heldOut.Images.Images.index_select(0, indices).to_type(ScalarType.Float32).div(255f);
        }

        public Tensor Interpolate(string fromPrompt, string toPrompt, long seed, int steps, TextToImageStage stage) => throw new NotSupportedException();

        /// <summary>An image embeds as its unit-length pixels, the prompt "image i" as held-out image i's.</summary>
        public (Tensor Images, Tensor Texts)? Embed(Tensor images, IReadOnlyList<string> prompts)
        {
            using var indices = Indices(prompts);
            return (Unit(images), Unit(heldOut.Images.Images.index_select(0, indices)));
        }

        private static Tensor Indices(IReadOnlyList<string> prompts) =>
            tensor(prompts.Select(prompt => long.Parse(prompt[(prompt.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToArray());

        private static Tensor Unit(Tensor images)
        {
            var flat = images.to_type(ScalarType.Float32).flatten(1);
            return flat / flat.norm(1, keepdim: true);
        }
    }
}
