namespace GenService.Api.Jobs;

/// <summary>
/// A job's hold on its record, taken by <see cref="RecordLeases"/>: renewed in the background until it is disposed,
/// then given up, so that a next job for a record still unfinished (after a shutdown, say) takes it at once.
/// </summary>
public sealed class HeldLease : IAsyncDisposable
{
    private readonly CancellationTokenSource work;
    private readonly CancellationTokenSource stopRenewing = new();
    private readonly Func<CancellationToken, Task<bool>> renew;
    private readonly Func<Task> release;
    private readonly string describe;
    private readonly ILogger logger;
    private readonly Task renewing;

    internal HeldLease(
        string owner, TimeSpan every, Func<CancellationToken, Task<bool>> renew, Func<Task> release, string describe, ILogger logger, CancellationToken jobCancellation)
    {
        Owner = owner;
        work = CancellationTokenSource.CreateLinkedTokenSource(jobCancellation);
        this.renew = renew;
        this.release = release;
        this.describe = describe;
        this.logger = logger;
        renewing = Task.Run(() => RenewAsync(every), CancellationToken.None);
    }

    /// <summary>The holder's name in the record's lease: every write of the job checks it, so that a worker that lost
    /// the record can no longer change it.</summary>
    public string Owner { get; }

    /// <summary>Cancelled when the job is (the service shuts down), or when a renewal is refused: another worker has
    /// taken the record over, or it is no longer what the terms renew (a cancel was asked for).</summary>
    public CancellationToken Token => work.Token;

    public async ValueTask DisposeAsync()
    {
        await stopRenewing.CancelAsync();
        await renewing;
        try
        {
            await release();
        }
        catch (Exception exception)
        {
            // The lease then lapses by itself; the record waits that long for its next job.
            logger.LogWarning(exception, "Could not give up the lease of {Record}", describe);
        }
        work.Dispose();
        stopRenewing.Dispose();
    }

    private async Task RenewAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stopRenewing.Token))
            {
                try
                {
                    if (await renew(stopRenewing.Token))
                        continue;
                    await work.CancelAsync();
                    return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A database blip must not stop long work: the lease outlives several missed renewals.
                    logger.LogWarning(exception, "Could not renew the lease of {Record}", describe);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work ended; its renewals end with it.
        }
    }
}
