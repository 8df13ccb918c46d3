using GenService.Api.Infrastructure;
using GenService.ML.Families;

namespace GenService.Api.Evaluation;

/// <summary>What an evaluation measures, chosen from what the model's family declares it can do.</summary>
public enum EvaluationKind
{
    /// <summary>Samples against the dataset: Fréchet distance, KID, precision/recall, memorisation (samplers).</summary>
    Sampling,

    /// <summary>Held-out PSNR/SSIM of the model and of bicubic upscaling (SRResNet, SRGAN).</summary>
    SuperResolution,

    /// <summary>Held-out L1/PSNR/SSIM and Fréchet distance of translations against their targets (pix2pix).</summary>
    Translation,

    /// <summary>Held-out target-domain rates both ways on the dataset's classifier, next to the identity mapping's, and
    /// cycle-reconstruction PSNR (CycleGAN), which has no targets to compare with.</summary>
    CycleTranslation,

    /// <summary>Held-out mean IoU and pixel accuracy of a segmentation network on the renderings of label maps, against
    /// those maps, next to the same network on the real images, and the renderings' Fréchet distance to the real images
    /// (SPADE, and pix2pix trained on label maps).</summary>
    LabelMapFidelity,

    /// <summary>Held-out captions drawn and classified by the dataset's classifier: the share of the class each caption's
    /// image has, next to the real images' (ceiling) and that of images drawn from another image's caption (floor), and
    /// the drawings' Fréchet distance to the real images (textgan).</summary>
    TextToImage,
    /// <summary>Held-out best-of-20 ADE/FDE of trajectory forecasts next to the constant-velocity and linear baselines, and the
    /// share of forecast futures that collide next to the true ones' (Social GAN).</summary>
    TrajectoryForecasting,
}

/// <summary>
/// Which evaluation a family's models get, on which kinds of dataset, and whether it needs the dataset's
/// feature network: all decided from the family's declarations, before anything is loaded.
/// </summary>
public static class EvaluationKinds
{
    /// <returns>The evaluation for the family's capabilities, or null when it has none of the evaluated ones. Two-way
    /// translators (CycleGAN) have no targets to score translations against: theirs is the cycle-translation evaluation.</returns>
    public static EvaluationKind? Of(IModelFamily family) =>
        family.Capabilities.Contains(ModelCapability.Sample) ? EvaluationKind.Sampling
        : family.Capabilities.Contains(ModelCapability.SuperResolve) ? EvaluationKind.SuperResolution
        : family.Capabilities.Contains(ModelCapability.TranslateBothWays) ? EvaluationKind.CycleTranslation
        : family.Capabilities.Contains(ModelCapability.Translate) ? EvaluationKind.Translation
        : family.Capabilities.Contains(ModelCapability.LabelMapToImage) ? EvaluationKind.LabelMapFidelity
        : family.Capabilities.Contains(ModelCapability.TextToImage) ? EvaluationKind.TextToImage
        : family.Capabilities.Contains(ModelCapability.ForecastTrajectories) ? EvaluationKind.TrajectoryForecasting
        : null;

    /// <summary>The evaluation of a model of the family trained on this kind of dataset: a translator of painted label maps
    /// (pix2pix on a labelmaps dataset, the SPADE paper's baseline) is measured as the label-map renderers are.</summary>
    /// <param name="kind">The family's evaluation (<see cref="Of"/>).</param>
    public static EvaluationKind OnDataset(IModelFamily family, EvaluationKind kind, DatasetKind datasetKind) =>
        kind == EvaluationKind.Translation && datasetKind == DatasetKind.Labelmaps && family is ITranslationInputs { TranslatesPaintedLabelMaps: true }
            ? EvaluationKind.LabelMapFidelity
            : kind;

    /// <summary>The kinds of dataset the evaluation reads its held-out images (or scenes) from. Translation reads stored pairs,
    /// or pairs derived from an image dataset as the trainer derives them.</summary>
    public static IReadOnlySet<DatasetKind> DatasetKinds(EvaluationKind kind) => kind switch
    {
        EvaluationKind.SuperResolution => new HashSet<DatasetKind> { DatasetKind.Images, DatasetKind.Photos },
        EvaluationKind.Translation => new HashSet<DatasetKind> { DatasetKind.Images, DatasetKind.Pairs },
        EvaluationKind.LabelMapFidelity => new HashSet<DatasetKind> { DatasetKind.Labelmaps },
        EvaluationKind.TextToImage => new HashSet<DatasetKind> { DatasetKind.Captions },
        EvaluationKind.TrajectoryForecasting => new HashSet<DatasetKind> { DatasetKind.Trajectories },
        _ => new HashSet<DatasetKind> { DatasetKind.Images },
    };

    /// <summary>Sampling compares features throughout, cycle translation and text to image classify with the network; translation adds a
    /// Fréchet distance where the dataset has a feature network (image datasets), and label-map fidelity adds one to its mIoU;
    /// super-resolution measures pixels only.</summary>
    public static bool NeedsFeatureNetwork(EvaluationKind kind, DatasetKind datasetKind) =>
        kind is EvaluationKind.Sampling or EvaluationKind.CycleTranslation or EvaluationKind.LabelMapFidelity or EvaluationKind.TextToImage
        || (kind == EvaluationKind.Translation && datasetKind == DatasetKind.Images);

    /// <returns>The kind of evaluation the architecture's models get; or why they cannot be evaluated.</returns>
    public static ServiceResult<EvaluationKind> For(ModelFamilyCatalog families, string architecture)
    {
        if (families.Find(architecture) is not { } family)
            return ServiceError.Invalid("model", $"Architecture '{architecture}' is not available in this service.");
        if (Of(family) is { } kind)
            return kind;
        var evaluated = new[] { ModelCapability.Sample, ModelCapability.SuperResolve, ModelCapability.Translate, ModelCapability.LabelMapToImage, ModelCapability.TextToImage, ModelCapability.ForecastTrajectories };
        return ServiceError.Invalid("model",
            $"A {architecture} model cannot be evaluated: evaluations measure models with the capability {string.Join(", ", evaluated.Select(c => $"\"{CapabilityCheck.Name(c)}\""))}; "
            + $"{architecture} models can: {string.Join(", ", family.Capabilities.Order().Select(CapabilityCheck.Name))}.");
    }

    /// <returns>Null when the evaluation reads this kind of dataset; otherwise why not.</returns>
    public static ServiceError? RequireDatasetKind(EvaluationKind kind, DatasetKind datasetKind) =>
        DatasetKinds(kind).Contains(datasetKind)
            ? null
            : ServiceError.Invalid("model",
                $"The model's dataset is a {CapabilityCheck.Name(datasetKind)} dataset; its evaluation ({Name(kind)}) reads held-out data from: "
                + $"{string.Join(", ", DatasetKinds(kind).Order().Select(CapabilityCheck.Name))} datasets.");

    /// <summary>The name the API uses, e.g. "super-resolution".</summary>
    public static string Name(EvaluationKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}
