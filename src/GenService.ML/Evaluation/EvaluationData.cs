using GenService.ML.Datasets;

namespace GenService.ML.Evaluation;

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
