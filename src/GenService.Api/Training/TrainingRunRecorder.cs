using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Training;

/// <summary>
/// The training job's writes to the database, each a short unit of work in its own scope, so a run of
/// many hours never holds a DbContext or its change tracker. Every write checks the lease owner: a
/// worker that lost its claim (<see cref="Jobs.RecordLeases"/>) can no longer change the run.
/// </summary>
public sealed class TrainingRunRecorder(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Marks the claimed run as running and returns what the job needs to build its trainer.</summary>
    public async Task<TrainingRun> StartAsync(Guid runId, string owner, long? resumedFromStep, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var run = await db.TrainingRuns.Include(r => r.Model).ThenInclude(m => m!.Dataset)
            .FirstAsync(r => r.Id == runId && r.LeaseOwner == owner, cancellationToken);
        var now = Now;
        run.Status = TrainingRunStatus.Running;
        run.StartedAt ??= now;
        run.Attempts++;
        run.ResumedFromStep = resumedFromStep;
        run.Step = resumedFromStep ?? 0;
        run.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    public async Task<bool> IsCancelRequestedAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task RecordAsync(Guid runId, string owner, long step, string split, IReadOnlyDictionary<string, double> values, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = Now;
        var updated = await db.TrainingRuns
            .Where(r => r.Id == runId && r.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Step, step).SetProperty(r => r.UpdatedAt, now), cancellationToken);
        if (updated == 0)
            return;
        db.TrainingRunMetrics.Add(new TrainingRunMetric
        {
            TrainingRunId = runId,
            Step = step,
            Split = split,
            Values = values.Where(v => double.IsFinite(v.Value)).ToDictionary(),
            RecordedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <param name="storedBytes">Bytes the run's files take now, the new checkpoint's included.</param>
    public async Task RecordCheckpointAsync(Guid runId, string owner, long step, long storedBytes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        await db.TrainingRuns
            .Where(r => r.Id == runId && r.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastCheckpointStep, step).SetProperty(r => r.StoredBytes, storedBytes), cancellationToken);
    }

    public Task SucceedAsync(
        Guid runId, string owner, string modelLocation, IReadOnlyDictionary<string, double> metrics, long storedBytes, CancellationToken cancellationToken) =>
        FinishAsync(runId, owner, TrainingRunStatus.Succeeded, ModelStatus.Ready, error: null, storedBytes, model =>
        {
            model.CheckpointLocation = modelLocation;
            model.Metrics = metrics.Where(v => double.IsFinite(v.Value)).ToDictionary();
        }, cancellationToken);

    public Task CancelAsync(Guid runId, string owner, long storedBytes, CancellationToken cancellationToken) =>
        FinishAsync(runId, owner, TrainingRunStatus.Canceled, ModelStatus.Canceled, error: null, storedBytes, null, cancellationToken);

    public Task FailAsync(Guid runId, string owner, string error, long storedBytes, CancellationToken cancellationToken) =>
        FinishAsync(runId, owner, TrainingRunStatus.Failed, ModelStatus.Failed, error, storedBytes, null, cancellationToken);

    private async Task FinishAsync(
        Guid runId,
        string owner,
        TrainingRunStatus runStatus,
        ModelStatus modelStatus,
        string? error,
        long storedBytes,
        Action<GenerativeModel>? updateModel,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var run = await db.TrainingRuns.Include(r => r.Model).FirstOrDefaultAsync(r => r.Id == runId && r.LeaseOwner == owner, cancellationToken);
        if (run is null)
            return;
        var now = Now;
        run.Status = runStatus;
        run.Error = error is null ? null : error[..Math.Min(error.Length, 4000)];
        run.FinishedAt = now;
        run.UpdatedAt = now;
        run.LeaseOwner = null;
        run.LeaseExpiresAt = null;
        run.StoredBytes = storedBytes;
        run.Model!.Status = modelStatus;
        run.Model.UpdatedAt = now;
        updateModel?.Invoke(run.Model);
        await db.SaveChangesAsync(cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
