namespace GenService.ML.Evaluation;

/// <summary>How a label-map dataset's segmentation network is trained (see the benchmark README for what the
/// defaults reach on the landscapes at 64 px).</summary>
/// <param name="BaseChannels">Channels at full resolution; the coarsest levels have 4 × this.</param>
/// <param name="Levels">Halvings of the encoder: three take a 64 px image to 8 px, where every pixel sees most of the image.</param>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Adam's step size; Kingma and Ba (2015) suggest 1e-3.</param>
/// <param name="HeldOutFraction">Share of the dataset kept out of training to measure the real images' scores, the ceiling.</param>
public sealed record SegmentationNetworkSettings(
    int BaseChannels = 16,
    int Levels = 3,
    int Steps = 600,
    int BatchSize = 16,
    double LearningRate = 1e-3,
    double HeldOutFraction = 0.1);
