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

    /// <summary>Writes everything needed to continue training: weights, optimiser state, RNG.</summary>
    void SaveCheckpoint(Stream stream);

    void LoadCheckpoint(Stream stream);

    /// <summary>Writes the weights inference needs (<see cref="IModelFamily.LoadModel"/> reads them).</summary>
    void ExportModel(Stream stream);
}
