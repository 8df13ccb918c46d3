namespace GenService.ML.Training;

/// <summary>How often the loop reports, evaluates, checkpoints and takes snapshots.</summary>
/// <param name="SnapshotEvery">Steps between snapshots: previews of <paramref name="SnapshotImages"/>
/// fixed seeds (0, 1, ...), also taken at step 0 and at the end.</param>
/// <param name="MaxRollbacks">How many times a run whose loss stops being finite goes back to its last
/// checkpoint (or its start) before it fails.</param>
public sealed record TrainingSchedule(
    long TotalSteps,
    int ReportEvery = 10,
    int EvaluateEvery = 200,
    int CheckpointEvery = 200,
    int SnapshotEvery = 200,
    int SnapshotImages = 16,
    int MaxRollbacks = 3)
{
    public TrainingSchedule Validate()
    {
        if (TotalSteps < 1 || ReportEvery < 1 || EvaluateEvery < 1 || CheckpointEvery < 1 || SnapshotEvery < 1 || SnapshotImages < 1 || MaxRollbacks < 0)
            throw new ArgumentOutOfRangeException(nameof(TotalSteps), "Steps and intervals must be positive.");
        return this;
    }
}
