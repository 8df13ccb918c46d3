using System.ComponentModel;

namespace GenService.Api.Evaluation;

/// <param name="Step">Checkpoint step to evaluate; default the newest (the final model). GET /v1/models/{id}/checkpoints lists them.</param>
/// <param name="SampleCount">Images in each compared set, 10 to 10000; default Evaluation:SampleCount (1000). At most the held-out split is used.</param>
public sealed record EvaluationRequest(long? Step = null, int? SampleCount = null);

public sealed record EvaluationResponse(
    Guid Id,
    Guid ModelId,
    [property: Description("Training step of the checkpoint evaluated.")] long Step,
    [property: Description("Queued, Running, Succeeded or Failed.")] string Status,
    [property: Description("Training (automatic, when the run succeeded) or Request.")] string Trigger,
    int RequestedSampleCount,
    [property: Description("The dataset feature network whose features the figures are computed on; figures are comparable only between evaluations on the same one.")] FeatureNetworkSummary? FeatureNetwork,
    [property: Description("The figures, once it succeeded.")] EvaluationResults? Results,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

/// <param name="SampleCount">Images in each compared set.</param>
/// <param name="Model">The model's samples (seeds 0 to sampleCount − 1) against real training images.</param>
/// <param name="Floor">Real held-out images against real training images, computed the same way: what a perfect model would score.</param>
/// <param name="Ceiling">The same model untrained (its family's trainer at step 0, with its hyperparameters and seed): where it started.</param>
/// <param name="TypicalFeatureDistance">Median distance of a held-out image to its nearest training image, in features.</param>
/// <param name="TypicalPixelDistance">The same in pixels (Euclidean, pixel values in [0, 1]).</param>
/// <param name="Reconstruction">For models that reconstruct (VAE): PSNR and SSIM of their reconstructions of held-out images.</param>
public sealed record EvaluationResults(
    int SampleCount,
    SampleSetResponse Model,
    SampleSetResponse Floor,
    SampleSetResponse Ceiling,
    double TypicalFeatureDistance,
    double TypicalPixelDistance,
    ReconstructionResponse? Reconstruction);

/// <param name="FrechetDistance">FID-style: the Fréchet distance of FID, but on the dataset's own feature network instead of Inception-v3, so not comparable with published FIDs. Lower is better.</param>
/// <param name="Kid">KID on the same features (unbiased squared MMD, cubic kernel); about 0 when the distributions match.</param>
/// <param name="KidStandardError">Standard error of kid over its random subsets.</param>
/// <param name="Precision">Share of these images inside the training images' k-NN manifold: fidelity.</param>
/// <param name="Recall">Share of training images inside these images' k-NN manifold: coverage.</param>
/// <param name="ShareCloserInFeatures">Share of these images closer to some training image than the typical held-out image is (in features): about 0.5 for new real images, near 1 when the model copies its training set.</param>
/// <param name="ShareCloserInPixels">The same in pixel space.</param>
public sealed record SampleSetResponse(
    double FrechetDistance,
    double Kid,
    double KidStandardError,
    double Precision,
    double Recall,
    double ShareCloserInFeatures,
    double ShareCloserInPixels);

/// <param name="Psnr">Mean PSNR in dB of the pairs that differ; null when all are exact.</param>
/// <param name="Ssim">Mean SSIM (Wang et al., 2004); null for images under 11 pixels.</param>
/// <param name="IdenticalPairs">Reconstructions that are exact (PSNR +∞), left out of the PSNR mean.</param>
public sealed record ReconstructionResponse(double? Psnr, double? Ssim, int IdenticalPairs);

public sealed record FeatureNetworkSummary(Guid Id, int Version, string Task, double? HeldOutAccuracy);

public sealed record FeatureNetworkResponse(
    Guid Id,
    Guid DatasetId,
    [property: Description("1 for the dataset's first feature network, counting up; evaluations use the newest Ready one.")] int Version,
    [property: Description("Queued, Training, Ready or Failed.")] string Status,
    [property: Description("classes: trained on the dataset's labels; rotation: self-supervised, predicts which quarter turn an image was given (for unlabelled datasets).")] string Task,
    int Steps,
    long Seed,
    [property: Description("Share of its held-out images it gets right (for rotation: turns told right).")] double? HeldOutAccuracy,
    [property: Description("Length of its feature vectors.")] int? FeatureDimension,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

/// <param name="Step">Training step of the checkpoint.</param>
/// <param name="Evaluations">Links to the evaluations of this checkpoint, oldest first.</param>
public sealed record CheckpointResponse(long Step, IReadOnlyList<string> Evaluations);

/// <param name="Seed">The seed of the generated image, as POST /v1/models/{id}/samples draws it.</param>
/// <param name="FeatureNeighbours">The k training images nearest in the feature network's space, nearest first.</param>
/// <param name="PixelNeighbours">The k training images nearest in pixel space, nearest first.</param>
/// <param name="TypicalFeatureDistance">From the model's newest evaluation on this feature network: a sample much closer than this to a training image is suspicious. Null when it has none.</param>
/// <param name="TypicalPixelDistance">The same in pixel space.</param>
/// <param name="GridUrl">PNG of the generated image followed by its neighbours: feature-space neighbours in the first row, pixel-space ones in the second.</param>
public sealed record MemorisationResponse(
    long Seed,
    int K,
    FeatureNetworkSummary FeatureNetwork,
    IReadOnlyList<NeighbourResponse> FeatureNeighbours,
    IReadOnlyList<NeighbourResponse> PixelNeighbours,
    double? TypicalFeatureDistance,
    double? TypicalPixelDistance,
    string GridUrl);

/// <param name="DatasetIndex">Position of the training image in the stored dataset.</param>
/// <param name="Distance">Euclidean distance to the generated image (pixels: values in [0, 1]).</param>
public sealed record NeighbourResponse(long DatasetIndex, double Distance);
