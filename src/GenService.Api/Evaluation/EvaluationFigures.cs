using GenService.ML.Datasets.Captions;
using GenService.ML.Evaluation;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Families.SocialGan;
using GenService.ML.Families.SuperResolution;

namespace GenService.Api.Evaluation;

/// <summary>
/// An evaluation's figures as the flat name → value map the database keeps ("model.frechet_distance",
/// "floor.kid", ...), and back as the API's typed results. Flat names let the plot follow any figure
/// over steps without knowing the result's shape.
/// </summary>
public static class EvaluationFigures
{
    public const string ModelSet = "model";
    public const string FloorSet = "floor";
    public const string CeilingSet = "ceiling";
    public const string SuperResolutionSet = "super_resolution";
    public const string TranslationSet = "translation";
    public const string CycleTranslationSet = "cycle_translation";
    public const string LabelMapFidelitySet = "label_map_fidelity";
    public const string TextToImageSet = "text_to_image";
    public const string TrajectoryForecastingSet = "trajectory_forecasting";

    public const string FrechetDistance = "frechet_distance";
    public const string FrechetDistanceStandardError = "frechet_distance_standard_error";
    public const string Kid = "kid";
    public const string KidStandardError = "kid_standard_error";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string ShareCloserInFeatures = "share_closer_in_features";
    public const string ShareCloserInPixels = "share_closer_in_pixels";

    private const string SampleCount = "sample_count";
    private const string TypicalFeatureDistance = "typical_feature_distance";
    private const string TypicalPixelDistance = "typical_pixel_distance";
    private const string Reconstruction = "reconstruction";
    private const string IdenticalPairs = "identical_pairs";
    private const string Windows = "windows";
    private const string FromTestScenes = "from_test_scenes";

    public static string Name(string set, string figure) => $"{set}.{figure}";

    public static Dictionary<string, double> From(ModelEvaluationResult result)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [SampleCount] = result.SampleCount,
            [TypicalFeatureDistance] = result.FeatureThreshold,
            [TypicalPixelDistance] = result.PixelThreshold,
        };
        Add(figures, ModelSet, result.Model);
        Add(figures, FloorSet, result.Floor);
        Add(figures, CeilingSet, result.Ceiling);
        if (result.Reconstruction is { } reconstruction)
        {
            foreach (var (name, value) in reconstruction.ToMetrics())
                figures[Name(Reconstruction, name)] = value;
            figures[Name(Reconstruction, IdenticalPairs)] = reconstruction.IdenticalPairs;
        }
        return figures;
    }

    /// <summary>An image-to-image evaluation's figures under their set's name, e.g. "super_resolution.psnr".</summary>
    public static Dictionary<string, double> From(string set, ImageToImageEvaluation evaluation) =>
        evaluation.Figures.ToDictionary(f => Name(set, f.Key), f => f.Value, StringComparer.Ordinal);

    /// <summary>A trajectory forecasting evaluation's figures (<see cref="ForecastEvaluation"/>) under its set's name, with how many
    /// windows were measured and whether they came from the test/ scenes (1) or the val/ ones (0).</summary>
    public static Dictionary<string, double> FromForecasts(IReadOnlyDictionary<string, double> figures, int windows, bool fromTestScenes)
    {
        var stored = figures.ToDictionary(f => Name(TrajectoryForecastingSet, f.Key), f => f.Value, StringComparer.Ordinal);
        stored[Name(TrajectoryForecastingSet, Windows)] = windows;
        stored[Name(TrajectoryForecastingSet, FromTestScenes)] = fromTestScenes ? 1 : 0;
        return stored;
    }

    /// <returns>A trajectory forecasting evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static TrajectoryForecastingResults? ToTrajectoryForecasting(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(TrajectoryForecastingSet, Windows), out var windows))
            return null;
        double Figure(string name) => figures[Name(TrajectoryForecastingSet, name)];
        ForecastScoresResponse Scores(string prefix) => new(Figure(prefix + ForecastEvaluation.AdeName), Figure(prefix + ForecastEvaluation.FdeName));
        return new TrajectoryForecastingResults(
            (int)windows,
            Figure(FromTestScenes) == 1 ? "test" : "val",
            ForecastEvaluation.Samples,
            Scores(""),
            Scores(ForecastEvaluation.ConstantVelocityPrefix),
            Scores(ForecastEvaluation.LinearPrefix),
            Collisions.Threshold,
            Figure(ForecastEvaluation.CollisionRateName),
            Figure(ForecastEvaluation.TruthCollisionRateName));
    }

    /// <summary>Whether the figures are a sampling evaluation's (which the evaluation plot draws).</summary>
    public static bool AreSampling(IReadOnlyDictionary<string, double> figures) => figures.ContainsKey(Name(ModelSet, FrechetDistance));

    /// <summary>Whether the figures are an image-to-image evaluation's, which stores a comparison image.</summary>
    public static bool HaveComparison(IReadOnlyDictionary<string, double> figures) =>
        figures.ContainsKey(Name(SuperResolutionSet, SuperResolutionEvaluator.CropsName)) || figures.ContainsKey(Name(TranslationSet, TranslationEvaluator.PairsName))
        || figures.ContainsKey(Name(CycleTranslationSet, CycleTranslationEvaluator.ImagesAName))
        || figures.ContainsKey(Name(LabelMapFidelitySet, LabelMapFidelityEvaluator.MapsName))
        || figures.ContainsKey(Name(TextToImageSet, TextToImageEvaluator.CaptionsName));

    /// <returns>The typed results of a sampling evaluation, or null when the figures are another kind's or empty (the evaluation has not succeeded).</returns>
    public static EvaluationResults? ToResults(IReadOnlyDictionary<string, double> figures)
    {
        if (!AreSampling(figures))
            return null;
        var reconstruction = figures.ContainsKey(Name(Reconstruction, IdenticalPairs))
            ? new ReconstructionResponse(
                figures.TryGetValue(Name(Reconstruction, ImagePairMetrics.PsnrName), out var psnr) ? psnr : null,
                figures.TryGetValue(Name(Reconstruction, ImagePairMetrics.SsimName), out var ssim) ? ssim : null,
                (int)figures[Name(Reconstruction, IdenticalPairs)])
            : null;
        return new EvaluationResults(
            (int)figures[SampleCount],
            Set(figures, ModelSet),
            Set(figures, FloorSet),
            Set(figures, CeilingSet),
            figures[TypicalFeatureDistance],
            figures[TypicalPixelDistance],
            reconstruction);
    }

    /// <returns>A super-resolution evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static SuperResolutionResults? ToSuperResolution(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(SuperResolutionSet, SuperResolutionEvaluator.CropsName), out var crops))
            return null;
        double? Figure(string name) => Optional(figures, SuperResolutionSet, name);
        return new SuperResolutionResults(
            (int)crops,
            (int)figures[Name(SuperResolutionSet, SuperResolutionEvaluator.ScaleName)],
            (int)figures[Name(SuperResolutionSet, SuperResolutionEvaluator.CropSizeName)],
            Figure(ImagePairMetrics.PsnrName),
            Figure(ImagePairMetrics.SsimName),
            Figure(SuperResolutionEvaluation.BicubicPsnrName),
            Figure(SuperResolutionEvaluation.BicubicSsimName));
    }

    /// <returns>A translation evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static TranslationResults? ToTranslation(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(TranslationSet, TranslationEvaluator.PairsName), out var pairs))
            return null;
        double? Figure(string name) => Optional(figures, TranslationSet, name);
        const string input = TranslationEvaluator.InputPrefix;
        return new TranslationResults(
            (int)pairs,
            new TranslationScoresResponse(
                Figure(TranslationScores.L1Name), Figure(ImagePairMetrics.PsnrName), Figure(ImagePairMetrics.SsimName),
                Figure(TranslationEvaluator.FrechetDistanceName)),
            figures.ContainsKey(Name(TranslationSet, input + TranslationScores.L1Name))
                ? new TranslationScoresResponse(
                    Figure(input + TranslationScores.L1Name), Figure(input + ImagePairMetrics.PsnrName), Figure(input + ImagePairMetrics.SsimName),
                    Figure(input + TranslationEvaluator.FrechetDistanceName))
                : null);
    }

    /// <returns>A cycle-translation evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static CycleTranslationResults? ToCycleTranslation(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(CycleTranslationSet, CycleTranslationEvaluator.ImagesAName), out var imagesA))
            return null;
        double Figure(string name) => figures[Name(CycleTranslationSet, name)];
        const string identity = CycleTranslationEvaluator.IdentityPrefix;
        return new CycleTranslationResults(
            (int)imagesA,
            (int)Figure(CycleTranslationEvaluator.ImagesBName),
            Figure(CycleTranslationEvaluator.TargetRateAToBName),
            Figure(identity + CycleTranslationEvaluator.TargetRateAToBName),
            Figure(CycleTranslationEvaluator.TargetRateBToAName),
            Figure(identity + CycleTranslationEvaluator.TargetRateBToAName),
            Optional(figures, CycleTranslationSet, CycleTranslationEvaluator.CyclePsnrAName),
            Optional(figures, CycleTranslationSet, CycleTranslationEvaluator.CyclePsnrBName));
    }

    /// <returns>A label-map fidelity evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static LabelMapFidelityResults? ToLabelMapFidelity(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(LabelMapFidelitySet, LabelMapFidelityEvaluator.MapsName), out var maps))
            return null;
        double Figure(string name) => figures[Name(LabelMapFidelitySet, name)];
        const string real = LabelMapFidelityEvaluator.RealPrefix;
        return new LabelMapFidelityResults(
            (int)maps,
            Figure(LabelMapFidelityEvaluator.MeanIouName),
            Figure(LabelMapFidelityEvaluator.PixelAccuracyName),
            Figure(real + LabelMapFidelityEvaluator.MeanIouName),
            Figure(real + LabelMapFidelityEvaluator.PixelAccuracyName),
            Optional(figures, LabelMapFidelitySet, LabelMapFidelityEvaluator.FrechetDistanceName),
            Optional(figures, LabelMapFidelitySet, real + LabelMapFidelityEvaluator.FrechetDistanceName));
    }

    /// <returns>A text-to-image evaluation's results, or null when the figures are another kind's or empty.</returns>
    public static TextToImageResults? ToTextToImage(IReadOnlyDictionary<string, double> figures)
    {
        if (!figures.TryGetValue(Name(TextToImageSet, TextToImageEvaluator.CaptionsName), out var captions))
            return null;
        double Figure(string name) => figures[Name(TextToImageSet, name)];
        return new TextToImageResults(
            (int)captions,
            Figure(TextToImageEvaluator.ClassRateName),
            Figure(TextToImageEvaluator.RealPrefix + TextToImageEvaluator.ClassRateName),
            Figure(TextToImageEvaluator.ShuffledPrefix + TextToImageEvaluator.ClassRateName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.StageOnePrefix + TextToImageEvaluator.ClassRateName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.UnseenPhrasingPrefix + TextToImageEvaluator.ClassRateName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.FrechetDistanceName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.AttributeRateName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.RealPrefix + TextToImageEvaluator.AttributeRateName),
            Optional(figures, TextToImageSet, TextToImageEvaluator.ShuffledPrefix + TextToImageEvaluator.AttributeRateName),
            [.. Enum.GetValues<GarmentAttribute>().Select(FashionCaptionTemplates.Word)
                .Where(word => figures.ContainsKey(Name(TextToImageSet, TextToImageEvaluator.AttributeCaptionsPrefix + word)))
                .Select(word => new TextToImageAttributeRate(
                    word,
                    (int)Figure(TextToImageEvaluator.AttributeCaptionsPrefix + word),
                    Figure(TextToImageEvaluator.AttributeRatePrefix + word),
                    Figure(TextToImageEvaluator.RealPrefix + TextToImageEvaluator.AttributeRatePrefix + word),
                    Figure(TextToImageEvaluator.ShuffledPrefix + TextToImageEvaluator.AttributeRatePrefix + word)))],
            Optional(figures, TextToImageSet, TextToImageEvaluator.RetrievalTop1Name),
            Optional(figures, TextToImageSet, TextToImageEvaluator.RealPrefix + TextToImageEvaluator.RetrievalTop1Name),
            Optional(figures, TextToImageSet, TextToImageEvaluator.RetrievalCandidatesName));
    }

    /// <summary>The typical held-out distances (features, pixels) of stored figures, or nulls.</summary>
    public static (double? Features, double? Pixels) TypicalDistances(IReadOnlyDictionary<string, double> figures) =>
        (figures.TryGetValue(TypicalFeatureDistance, out var features) ? features : null,
         figures.TryGetValue(TypicalPixelDistance, out var pixels) ? pixels : null);

    public static int? SampleCountOf(IReadOnlyDictionary<string, double> figures) =>
        figures.TryGetValue(SampleCount, out var count) ? (int)count : null;

    private static double? Optional(IReadOnlyDictionary<string, double> figures, string set, string name) =>
        figures.TryGetValue(Name(set, name), out var value) ? value : null;

    private static void Add(Dictionary<string, double> figures, string set, SampleSetScores scores)
    {
        figures[Name(set, FrechetDistance)] = scores.FrechetDistance;
        figures[Name(set, FrechetDistanceStandardError)] = scores.FrechetDistanceStandardError;
        figures[Name(set, Kid)] = scores.Kid;
        figures[Name(set, KidStandardError)] = scores.KidStandardError;
        figures[Name(set, Precision)] = scores.Precision;
        figures[Name(set, Recall)] = scores.Recall;
        figures[Name(set, ShareCloserInFeatures)] = scores.FeatureShareCloser;
        figures[Name(set, ShareCloserInPixels)] = scores.PixelShareCloser;
    }

    private static SampleSetResponse Set(IReadOnlyDictionary<string, double> figures, string set) =>
        new(
            figures[Name(set, FrechetDistance)],
            Optional(figures, set, FrechetDistanceStandardError),
            figures[Name(set, Kid)],
            figures[Name(set, KidStandardError)],
            figures[Name(set, Precision)],
            figures[Name(set, Recall)],
            figures[Name(set, ShareCloserInFeatures)],
            figures[Name(set, ShareCloserInPixels)]);
}
