using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Holds a family's networks and optimisers for one training run. The shared
/// <see cref="Training.TrainingLoop"/> drives it; the trainer never schedules, logs or stores.</summary>
public interface ITrainer : IDisposable
{
    /// <summary>Runs one optimisation step (the caller wraps it in a dispose scope).</summary>
    /// <returns>Named scalar losses of this step, e.g. "elbo", "kl".</returns>
    IReadOnlyDictionary<string, double> Step(long step);

    /// <summary>Metrics on the held-out split, e.g. the ELBO terms.</summary>
    IReadOnlyDictionary<string, double> Evaluate();

    /// <summary>What the model as trained so far makes of these seeds: prior samples for a VAE, the
    /// (averaged) generator's images for a GAN. The loop calls it in a dispose scope, without gradients,
    /// with the same seeds every time, so successive snapshots show training progress.</summary>
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Preview(IReadOnlyList<long> seeds);

    /// <summary>Writes everything needed to continue training (weights, optimiser state) as a
    /// <see cref="Training.Checkpoint"/>.</summary>
    void SaveCheckpoint(Stream stream);

    void LoadCheckpoint(Stream stream);

    /// <summary>Writes the weights inference needs (<see cref="IModelFamily.LoadModel"/> reads them).</summary>
    void ExportModel(Stream stream);
}
