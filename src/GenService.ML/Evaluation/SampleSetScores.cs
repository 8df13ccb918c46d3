namespace GenService.ML.Evaluation;

/// <summary>How one set of images compares with the training images, in the dataset's feature space.</summary>
/// <param name="FrechetDistance">Fréchet distance of Gaussians fitted to the features ("FID-style": on the
/// dataset's own feature network, not Inception-v3, so not comparable with published FIDs). Lower is better.</param>
/// <param name="FrechetDistanceStandardError">Its standard error, from a bootstrap over both sets (<see cref="FeatureSetBootstrap"/>).</param>
/// <param name="Kid">Unbiased squared MMD under the cubic kernel (KID on the same features); ≈ 0 for matching distributions.</param>
/// <param name="KidStandardError">Standard error of <paramref name="Kid"/>, from the same bootstrap.</param>
/// <param name="Precision">Share of the set's images inside the training images' k-NN manifold (fidelity).</param>
/// <param name="Recall">Share of training images inside the set's k-NN manifold (coverage).</param>
/// <param name="FeatureShareCloser">Share of the set's images closer (in features) to some training image than
/// the median held-out image, through the floor's round trip, is to its nearest training image: about 0.5 for new real
/// images, near 1 for copies.</param>
/// <param name="PixelShareCloser">The same in pixel space.</param>
public sealed record SampleSetScores(
    double FrechetDistance,
    double FrechetDistanceStandardError,
    double Kid,
    double KidStandardError,
    double Precision,
    double Recall,
    double FeatureShareCloser,
    double PixelShareCloser);
