namespace GenService.ML.Training;

/// <summary>A loss stopped being a finite number: every weight after that step is garbage, so the run
/// must fail rather than finish with a model that draws nothing.</summary>
public sealed class TrainingDivergedException(string loss, long step, double value)
    : Exception($"Training diverged: loss {loss} was {value} at step {step}. Lower the learning rate or start again with another seed; the checkpoints before this step are still there.")
{
    public string Loss { get; } = loss;

    public long Step { get; } = step;
}
