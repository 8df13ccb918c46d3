namespace GenService.ML.Evaluation;

/// <summary>What evaluating an image-to-image model (super-resolution, translation) on held-out images gives.</summary>
/// <param name="Figures">Named figures; one that cannot be computed (e.g. SSIM of images under its window) is left out.</param>
/// <param name="ComparisonPng">The first held-out examples side by side, one row each (<see cref="ComparisonSheet"/>).</param>
public sealed record ImageToImageEvaluation(IReadOnlyDictionary<string, double> Figures, byte[] ComparisonPng);
