using static TorchSharp.torch;

namespace GenService.ML.Training;

/// <summary>Where the training loop sends what happened; the service stores it in the run record.</summary>
public interface ITrainingObserver
{
    /// <param name="losses">Mean of each loss over the steps since the last report.</param>
    void OnProgress(long step, long totalSteps, IReadOnlyDictionary<string, double> losses);

    void OnEvaluation(long step, IReadOnlyDictionary<string, double> metrics);

    void OnCheckpoint(long step, string path);

    /// <summary>The step at <paramref name="failedAt"/> failed (<paramref name="cause"/>: a loss that was not
    /// finite, or libtorch's error); training goes on from <paramref name="resumedFrom"/> (its last checkpoint, or 0).</summary>
    void OnRollback(long failedAt, long resumedFrom, string cause);

    /// <param name="images">The trainer's preview of the schedule's fixed seeds after <paramref name="step"/>
    /// steps: [N, C, H, W] float32 on the CPU in [0, 1], freed after the call.</param>
    void OnSnapshot(long step, Tensor images);
}
