namespace GenService.ML.Evaluation;

/// <summary>How a dataset's feature network is trained. The defaults reach about 90 % held-out accuracy on
/// Fashion-MNIST (see the benchmark README) in a few minutes on two CPU cores.</summary>
/// <param name="BaseChannels">Channels at full resolution; the features are 4 × this wide.</param>
/// <param name="Steps">Adam steps; 1000 of 128 images is about two epochs of Fashion-MNIST.</param>
/// <param name="LearningRate">Adam's step size; Kingma and Ba (2015) suggest 1e-3.</param>
/// <param name="HeldOutFraction">Share of the dataset kept out of training to measure the accuracy.</param>
public sealed record FeatureNetworkSettings(
    int BaseChannels = 32,
    int Steps = 1000,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    double HeldOutFraction = 0.1);
