using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Training;

/// <summary>
/// Drives any family's <see cref="ITrainer"/>: resumes from the newest checkpoint, runs each step in
/// its own dispose scope, reports averaged losses, evaluates and checkpoints on schedule. It stops at
/// the next step boundary when cancelled, after saving a checkpoint, so no more than one step is lost.
/// A loss that is not a finite number ends the run with <see cref="TrainingDivergedException"/>.
/// </summary>
public static class TrainingLoop
{
    /// <returns>The final held-out metrics.</returns>
    public static IReadOnlyDictionary<string, double> Run(
        ITrainer trainer,
        TrainingSchedule schedule,
        CheckpointStore checkpoints,
        ITrainingObserver observer,
        CancellationToken cancellationToken)
    {
        schedule.Validate();
        var step = 0L;
        if (checkpoints.Latest() is { } latest)
        {
            using var stream = File.OpenRead(latest.Path);
            trainer.LoadCheckpoint(stream);
            step = latest.Step;
        }

        var snapshotSeeds = Enumerable.Range(0, schedule.SnapshotImages).Select(i => (long)i).ToList();
        if (step == 0)
            Snapshot(trainer, observer, step, snapshotSeeds);

        // Per name: a loss a trainer reports only on some steps (e.g. a lazy regulariser) is averaged over those.
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        while (step < schedule.TotalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(trainer, checkpoints, observer, step);
                cancellationToken.ThrowIfCancellationRequested();
            }

            using (NewDisposeScope())
            {
                foreach (var (name, value) in trainer.Step(step))
                {
                    if (!double.IsFinite(value))
                        throw new TrainingDivergedException(name, step, value);
                    sums[name] = (sums.GetValueOrDefault(name).Sum + value, sums.GetValueOrDefault(name).Count + 1);
                }
            }
            step++;

            if (step % schedule.ReportEvery == 0 || step == schedule.TotalSteps)
            {
                observer.OnProgress(step, schedule.TotalSteps, sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count));
                sums.Clear();
            }
            if (step % schedule.EvaluateEvery == 0 && step < schedule.TotalSteps)
                Evaluate(trainer, observer, step);
            if (step % schedule.SnapshotEvery == 0 || step == schedule.TotalSteps)
                Snapshot(trainer, observer, step, snapshotSeeds);
            if (step % schedule.CheckpointEvery == 0 || step == schedule.TotalSteps)
                SaveCheckpoint(trainer, checkpoints, observer, step);
        }
        return Evaluate(trainer, observer, step);
    }

    private static IReadOnlyDictionary<string, double> Evaluate(ITrainer trainer, ITrainingObserver observer, long step)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var metrics = trainer.Evaluate();
        observer.OnEvaluation(step, metrics);
        return metrics;
    }

    private static void Snapshot(ITrainer trainer, ITrainingObserver observer, long step, IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        observer.OnSnapshot(step, trainer.Preview(seeds));
    }

    private static void SaveCheckpoint(ITrainer trainer, CheckpointStore checkpoints, ITrainingObserver observer, long step)
    {
        var path = checkpoints.Write(step, trainer.SaveCheckpoint, trainer.ExportModel);
        observer.OnCheckpoint(step, path);
    }
}
