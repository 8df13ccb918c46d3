using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// How close a translator's outputs are to the held-out targets: mean L1, PSNR and SSIM per pair
/// (<see cref="TranslationScores"/>), and, given the dataset's feature network, the FID-style Fréchet distance
/// of the outputs' features to the targets'. The inputs themselves, as translations, are the baseline a model
/// has to beat: the same figures prefixed "input_", when the input can stand for the target (one channel,
/// broadcast, or the target's channels). Pair i is translated with seed i, as the trainer evaluates.
/// </summary>
public static class TranslationEvaluator
{
    public const string PairsName = "pairs";
    public const string FrechetDistanceName = "frechet_distance";
    public const string InputPrefix = Pix2PixTrainer.InputBaselinePrefix;

    private const int BatchSize = 32;

    /// <param name="heldOut">Held-out pairs at the translator's input and output shapes.</param>
    /// <param name="features">The dataset's feature network, or null to leave the Fréchet distances out.</param>
    /// <param name="count">Pairs to evaluate, the first ones (fewer if there are fewer).</param>
    /// <returns>"l1", "psnr", "ssim", "frechet_distance", each also "input_"-prefixed, and "pairs"; the comparison
    /// sheet rows are input | output | target.</returns>
    public static ImageToImageEvaluation Evaluate(IImageTranslator translator, ImagePairs heldOut, FeatureExtractor? features, int count, CancellationToken cancellationToken)
    {
        count = (int)Math.Min(count, heldOut.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var targetShape = heldOut.TargetShape;
        var inputIsBaseline = heldOut.InputShape.Channels == 1 || heldOut.InputShape.Channels == targetShape.Channels;
        var measuresFeatures = features is not null && features.InputShape.Channels == targetShape.Channels && count >= 2;
        var modelScores = new TranslationScores();
        var inputScores = new TranslationScores();
        var (outputFeatures, inputFeatures, targetFeatures) = (new List<Tensor>(), new List<Tensor>(), new List<Tensor>());
        byte[]? comparison = null;
        try
        {
            for (var start = 0; start < count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var size = Math.Min(BatchSize, count - start);
                var (inputs, targets) = heldOut.Batch(arange(start, start + size, dtype: ScalarType.Int64), CPU);
                var outputs = translator.Translate(inputs, [.. Enumerable.Range(start, size).Select(i => (long)i)]);
                var shownInputs = AsTargetChannels(inputs, targetShape.Channels);
                modelScores.Add(outputs, targets);
                if (inputIsBaseline)
                    inputScores.Add(shownInputs, targets);
                if (measuresFeatures)
                {
                    outputFeatures.Add(Features(features!, outputs).MoveToOuterDisposeScope());
                    targetFeatures.Add(Features(features!, targets).MoveToOuterDisposeScope());
                    if (inputIsBaseline)
                        inputFeatures.Add(Features(features!, shownInputs).MoveToOuterDisposeScope());
                }
                comparison ??= ComparisonSheet.Encode(First(shownInputs), First(outputs), First(targets));
            }

            var figures = modelScores.ToMetrics();
            figures[PairsName] = count;
            if (inputIsBaseline)
                foreach (var (name, value) in inputScores.ToMetrics(InputPrefix))
                    figures[name] = value;
            if (measuresFeatures)
            {
                using var scope = NewDisposeScope();
                var targetSet = cat(targetFeatures, 0);
                figures[FrechetDistanceName] = FrechetDistance.Compute(cat(outputFeatures, 0), targetSet);
                if (inputIsBaseline)
                    figures[InputPrefix + FrechetDistanceName] = FrechetDistance.Compute(cat(inputFeatures, 0), targetSet);
            }
            return new ImageToImageEvaluation(figures, comparison!);
        }
        finally
        {
            foreach (var feature in outputFeatures.Concat(inputFeatures).Concat(targetFeatures))
                feature.Dispose();
        }
    }

    /// <summary>The inputs as images of the target's channels, to show and to score as a translation: one channel
    /// broadcast; RGB to one channel by its luma (shown only, never scored).</summary>
    private static Tensor AsTargetChannels(Tensor inputs, int channels) =>
        inputs.shape[1] == channels ? inputs
        : inputs.shape[1] == 1 ? inputs.expand(inputs.shape[0], channels, inputs.shape[2], inputs.shape[3])
        : LumaChannel.Of(inputs);

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    private static Tensor Features(FeatureExtractor features, Tensor images) =>
        features.Extract(SampleImages.ToShape(SampleImages.Quantise(images), features.InputShape));

    private static Tensor First(Tensor images) => images.narrow(0, 0, Math.Min(ComparisonSheet.Rows, images.shape[0]));
}
