namespace GenService.Api.Jobs;

/// <summary>
/// One kind of database record whose work a Hangfire job does (a training run, a generation, ...). The
/// record, not the job queue, says what must still run: <see cref="JobRecovery"/> asks every kind for its
/// unfinished records at start-up and gives those whose job died a new one.
/// </summary>
/// <remarks>A kind's job must be safe to have twice: it takes its record's lease first (<see cref="RecordLeases"/>),
/// so a second job for the same record waits, or does nothing, while the first works.</remarks>
public interface IRecoverableJobs
{
    /// <summary>What the records are, for the log ("evaluation").</summary>
    string Kind { get; }

    /// <summary>The records still queued or running, each with the job last given to it.</summary>
    Task<IReadOnlyList<UnfinishedWork>> FindUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Gives the record, whose job is gone, a new job and records the job's id. The record keeps its
    /// state: the job takes it over once the dead worker's lease has lapsed.</summary>
    Task RequeueAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>A record still queued or running, and the Hangfire job last given to it.</summary>
public sealed record UnfinishedWork(Guid Id, string? JobId);
