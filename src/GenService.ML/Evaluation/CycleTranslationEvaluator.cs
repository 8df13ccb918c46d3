using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// How well a two-way translator (CycleGAN) moves held-out images into the other domain and back, as Zhu et al. 2017
/// measure it without paired targets: the share of translations that the dataset's classifier (its feature network,
/// trained on the dataset's classes) assigns to the target domain, next to the same share of the untranslated images,
/// the identity mapping's floor; and the PSNR of each image's round trip (A → B → A) against it, which the identity
/// mapping would make infinite, so it is reported alone.
/// </summary>
public static class CycleTranslationEvaluator
{
    public const string ImagesAName = "images_a";
    public const string ImagesBName = "images_b";
    public const string TargetRateAToBName = "target_rate_a_to_b";
    public const string TargetRateBToAName = "target_rate_b_to_a";
    public const string CyclePsnrAName = "cycle_psnr_a";
    public const string CyclePsnrBName = "cycle_psnr_b";

    /// <summary>Prefix of the identity mapping's figures: the untranslated images scored as translations.</summary>
    public const string IdentityPrefix = "identity_";

    private const int BatchSize = 32;

    /// <param name="heldOut">Held-out images of both domains (uint8, labelled) at the translator's shape.</param>
    /// <param name="classifier">The dataset's feature network, trained on its classes.</param>
    /// <param name="count">Images of each domain to evaluate, the first ones (fewer if there are fewer).</param>
    /// <returns>The figures above and "images_a", "images_b"; the comparison sheet's rows are a | G_AB(a) | G_BA(G_AB(a)),
    /// then b | G_BA(b) | G_AB(G_BA(b)).</returns>
    /// <exception cref="InvalidOperationException">A domain has no held-out image.</exception>
    public static ImageToImageEvaluation Evaluate(
        ITwoWayTranslator translator, DatasetTensors heldOut, (int A, int B) labels, FeatureExtractor classifier, int count, CancellationToken cancellationToken)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var columns = new List<Tensor>[] { [], [], [] };
        try
        {
            foreach (var (source, target, direction, suffix) in new[]
            {
                (labels.A, labels.B, TranslationDirection.AToB, "a"),
                (labels.B, labels.A, TranslationDirection.BToA, "b"),
            })
            {
                using var indices = heldOut.Labels!.eq(source).nonzero().flatten();
                var images = Math.Min(count, indices.shape[0]);
                if (images == 0)
                    throw new InvalidOperationException($"The held-out images hold no image of domain {suffix.ToUpperInvariant()} (label {source}) to translate.");
                var (translated, identity, psnrs) = (0L, 0L, new List<double>());
                for (long start = 0; start < images; start += BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var originals = heldOut.Batch(indices.narrow(0, start, Math.Min(BatchSize, images - start)), CPU);
                    var translations = translator.Translate(originals, direction, roundTrip: false);
                    var roundTrips = translator.Translate(originals, direction, roundTrip: true);
                    translated += InTarget(classifier, translations, target);
                    identity += InTarget(classifier, originals, target);
                    psnrs.AddRange(Psnr.PerImage(roundTrips, originals).Where(double.IsFinite));
                    if (start == 0)
                    {
                        foreach (var (column, shown) in columns.Zip([originals, translations, roundTrips]))
                            column.Add(shown.narrow(0, 0, Math.Min(ComparisonSheet.Rows / 2, shown.shape[0])).MoveToOuterDisposeScope());
                    }
                }
                var targetRate = suffix == "a" ? TargetRateAToBName : TargetRateBToAName;
                figures[suffix == "a" ? ImagesAName : ImagesBName] = images;
                figures[targetRate] = (double)translated / images;
                figures[IdentityPrefix + targetRate] = (double)identity / images;
                if (psnrs.Count > 0)
                    figures[suffix == "a" ? CyclePsnrAName : CyclePsnrBName] = psnrs.Average();
            }
            using var sheetScope = NewDisposeScope();
            var comparison = ComparisonSheet.Encode([.. columns.Select(column => cat(column, 0))]);
            return new ImageToImageEvaluation(figures, comparison);
        }
        finally
        {
            foreach (var shown in columns.SelectMany(column => column))
                shown.Dispose();
        }
    }

    /// <returns>How many of the images the classifier assigns the label <paramref name="target"/>.</returns>
    private static long InTarget(FeatureExtractor classifier, Tensor images, int target) =>
        classifier.Classify(SampleImages.ToShape(SampleImages.Quantise(images), classifier.InputShape)).eq(target).sum().item<long>();
}
