namespace GenService.ML.Training;

/// <summary>Where the training loop sends what happened; the service stores it in the run record.</summary>
public interface ITrainingObserver
{
    /// <param name="losses">Mean of each loss over the steps since the last report.</param>
    void OnProgress(long step, long totalSteps, IReadOnlyDictionary<string, double> losses);

    void OnEvaluation(long step, IReadOnlyDictionary<string, double> metrics);

    void OnCheckpoint(long step, string path);
}
