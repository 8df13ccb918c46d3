using System.Runtime.InteropServices;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Training;

/// <summary>
/// Drives any family's <see cref="ITrainer"/>: resumes from the newest checkpoint, runs each step in
/// its own dispose scope, reports averaged losses, evaluates and checkpoints on schedule. It stops at
/// the next step boundary when cancelled, after saving a checkpoint, so no more than one step is lost.
/// A loss that is not a finite number, or an error libtorch raises in a step, sends it back to its last
/// checkpoint (or its start), up to the schedule's MaxRollbacks times; after that the run ends with
/// <see cref="TrainingDivergedException"/>, or with libtorch's error.
/// </summary>
/// <remarks>
/// Why roll back rather than fail at once: a non-finite loss is not always the model's fault. On this
/// project's CPU VMs, oneDNN kernels that read uninitialised memory sent GAN runs to NaN at steps that
/// changed from run to run (the start-up <see cref="Runtime.ConvolutionCheck"/> now keeps them off); a
/// faulty kernel or machine elsewhere would do the same, and a rollback costs at most one checkpoint
/// interval. A step's noise is seeded by its index, so a run that diverges for its own reasons diverges
/// again at the same step and still fails.
/// libtorch's errors are rolled back for a reason of TorchSharp's: a Scalar made implicitly from a number
/// (<c>tensor * 0.2</c>) is freed by its finalizer, and nothing keeps it alive while the native call that
/// reads it runs, so a garbage collection started by another thread at that moment frees it under
/// libtorch ("Unknown scalar type"). A default StyleGAN run failed so after 6 minutes on a loaded machine
/// (2026-12-04). Such an error does not come back when the step is replayed; one the code causes does, and
/// fails the run after the rollbacks.
/// </remarks>
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
        var step = LoadLatest(trainer, checkpoints) ?? 0;

        var snapshotSeeds = Enumerable.Range(0, schedule.SnapshotImages).Select(i => (long)i).ToList();
        byte[]? start = null;
        if (step == 0)
        {
            Snapshot(trainer, observer, step, snapshotSeeds);
            start = InitialState(trainer, schedule);
        }
        var rollbacks = 0;

        // Per name: a loss a trainer reports only on some steps (e.g. a lazy regulariser) is averaged over those.
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        while (step < schedule.TotalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(trainer, checkpoints, observer, step);
                cancellationToken.ThrowIfCancellationRequested();
            }

            IReadOnlyDictionary<string, double> losses;
            string? failure = null;
            try
            {
                using (NewDisposeScope())
                    losses = trainer.Step(step);
            }
            catch (ExternalException error) when (rollbacks < schedule.MaxRollbacks)
            {
                losses = new Dictionary<string, double>();
                failure = $"libtorch failed: {error.Message.Split('\n')[0]}";
            }
            if (losses.FirstOrDefault(l => !double.IsFinite(l.Value)) is { Key: not null } diverged)
            {
                if (rollbacks == schedule.MaxRollbacks)
                    throw new TrainingDivergedException(diverged.Key, step, diverged.Value);
                failure = $"loss {diverged.Key} was {diverged.Value}";
            }
            if (failure is not null)
            {
                rollbacks++;
                var resumedFrom = RollBack(trainer, checkpoints, start);
                observer.OnRollback(step, resumedFrom, failure);
                step = resumedFrom;
                sums.Clear();
                continue;
            }
            foreach (var (name, value) in losses)
                sums[name] = (sums.GetValueOrDefault(name).Sum + value, sums.GetValueOrDefault(name).Count + 1);
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
            {
                SaveCheckpoint(trainer, checkpoints, observer, step);
                start = null;   // a rollback goes to a checkpoint from now on; the copy may be large
            }
        }
        return Evaluate(trainer, observer, step);
    }

    /// <summary>The trainer's state before its first step, kept in memory for a rollback before the first
    /// checkpoint; none when rollbacks are off.</summary>
    private static byte[]? InitialState(ITrainer trainer, TrainingSchedule schedule)
    {
        if (schedule.MaxRollbacks == 0)
            return null;
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    /// <returns>The step training goes on from.</returns>
    private static long RollBack(ITrainer trainer, CheckpointStore checkpoints, byte[]? start)
    {
        if (LoadLatest(trainer, checkpoints) is { } step)
            return step;
        using (var stream = new MemoryStream(start ?? throw new InvalidOperationException("A run resumed from a checkpoint has no checkpoint to roll back to.")))
            trainer.LoadCheckpoint(stream);
        return 0;
    }

    /// <returns>The step of the newest checkpoint, now loaded; null when there is none.</returns>
    private static long? LoadLatest(ITrainer trainer, CheckpointStore checkpoints)
    {
        if (checkpoints.Latest() is not { } latest)
            return null;
        using var stream = File.OpenRead(latest.Path);
        trainer.LoadCheckpoint(stream);
        return latest.Step;
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
