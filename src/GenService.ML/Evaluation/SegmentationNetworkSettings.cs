namespace GenService.ML.Evaluation;

/// <summary>How a label-map dataset's segmentation network is trained (see the benchmark README for what it
/// reaches on the landscapes at 64 px).</summary>
/// <param name="BaseChannels">Channels at full resolution; the coarsest levels have 4 × this. Eight keep a step
/// of 16 landscapes at 64 px cheap on two cores, and reached 95 % held-out pixel accuracy in a 250-step pilot.</param>
/// <param name="Levels">Halvings of the encoder: three take a 64 px image to 8 px, where every pixel sees most of
/// the image (where a region lies helps tell sky from sea, and a reflection from what it reflects).</param>
/// <param name="Steps">Adam steps; 1000 of 16 images is about nine epochs of 1,800 training landscapes.</param>
/// <param name="LearningRate">Adam's step size: three times Kingma and Ba's (2015) 1e-3, which batch
/// normalisation tolerates.</param>
/// <param name="HeldOutFraction">Share of the dataset kept out of training, on which its held-out pixel accuracy is measured.</param>
public sealed record SegmentationNetworkSettings(
    int BaseChannels = 8,
    int Levels = 3,
    int Steps = 1000,
    int BatchSize = 16,
    double LearningRate = 3e-3,
    double HeldOutFraction = 0.1);
