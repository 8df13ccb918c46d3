using GenService.ML.Datasets;
using TorchSharp;

namespace GenService.ML.Families;

/// <summary>What a trainer is built from.</summary>
/// <param name="Train">Training images (and labels, if any).</param>
/// <param name="Validation">Held-out images for evaluation.</param>
/// <param name="Seed">Seeds initialisation and minibatch order, so a run is reproducible.</param>
public sealed record TrainingSetup(
    Hyperparameters Hyperparameters,
    DatasetTensors Train,
    DatasetTensors Validation,
    torch.Device Device,
    long Seed);
