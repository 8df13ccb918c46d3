namespace GenService.ML.Training;

/// <summary>How often the loop reports, evaluates and checkpoints.</summary>
public sealed record TrainingSchedule(long TotalSteps, int ReportEvery = 10, int EvaluateEvery = 200, int CheckpointEvery = 200)
{
    public TrainingSchedule Validate()
    {
        if (TotalSteps < 1 || ReportEvery < 1 || EvaluateEvery < 1 || CheckpointEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(TotalSteps), "Steps and intervals must be positive.");
        return this;
    }
}
