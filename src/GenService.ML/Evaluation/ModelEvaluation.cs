using GenService.ML.Datasets;

namespace GenService.ML.Evaluation;

/// <summary>What the evaluation of one model found.</summary>
/// <param name="SampleCount">Images in each compared set.</param>
/// <param name="Model">The model's samples against the training images.</param>
/// <param name="Floor">Held-out real images against the training images: the best a model can hope for.</param>
/// <param name="Ceiling">The same model before training (step 0) against the training images: where it started.</param>
/// <param name="FeatureThreshold">Median distance of a held-out image to its nearest training image, in features.</param>
/// <param name="PixelThreshold">The same in pixel space ([0, 1] pixel values).</param>
/// <param name="Reconstruction">PSNR and SSIM of reconstructed held-out images, for models that reconstruct.</param>
public sealed record ModelEvaluation(
    int SampleCount,
    SampleSetScores Model,
    SampleSetScores Floor,
    SampleSetScores Ceiling,
    double FeatureThreshold,
    double PixelThreshold,
    ImagePairScores? Reconstruction);

/// <summary>A dataset split as the model's training run saw it, with the images' features.</summary>
/// <param name="Train">The run's training images, at the dataset's shape.</param>
/// <param name="HeldOut">The run's held-out images, which the model never saw.</param>
/// <param name="TrainFeatures">[train, D] features of <paramref name="Train"/>, in its order.</param>
/// <param name="HeldOutFeatures">[held-out, D] features of <paramref name="HeldOut"/>, in its order.</param>
public sealed record EvaluationData(
    DatasetTensors Train,
    DatasetTensors HeldOut,
    TorchSharp.torch.Tensor TrainFeatures,
    TorchSharp.torch.Tensor HeldOutFeatures);
