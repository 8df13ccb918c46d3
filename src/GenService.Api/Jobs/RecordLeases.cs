using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Jobs;

/// <summary>
/// Leases on the records jobs work on (<see cref="ILeasedRecord"/>): training runs, generations, evaluations and
/// feature networks. A job takes its record by a row update that succeeds only while the record is unfinished and
/// its lease free or lapsed, and renews the lease while it works (<see cref="HeldLease"/>). So a record is never
/// worked on by two jobs at once, and one whose worker died (a killed node) is taken over by the next job that asks
/// for it once <see cref="JobQueueOptions.LeaseDuration"/> has passed since the last renewal: on PostgreSQL the dead
/// node's Hangfire job itself, handed to another node after its invisibility timeout; otherwise the job that
/// <see cref="JobRecovery"/> gives it at the next start.
/// </summary>
/// <remarks>A lease in the record's row rather than Hangfire's DisableConcurrentExecution: that lock outlives a killed
/// process until its own timeout (minutes), and would delay exactly the takeover it should allow.</remarks>
public sealed class RecordLeases(IServiceScopeFactory scopes, IOptions<JobQueueOptions> options, NodeOptions node, TimeProvider clock, ILogger<RecordLeases> logger)
{
    private const string Owner = nameof(ILeasedRecord.LeaseOwner);
    private const string Expiry = nameof(ILeasedRecord.LeaseExpiresAt);

    /// <summary>Takes the record if no live worker holds it.</summary>
    /// <returns>The lease, renewed until disposed; null when another worker holds the record or it has finished.</returns>
    public async Task<HeldLease?> TryTakeAsync<T>(Guid id, LeaseTerms<T> terms, CancellationToken cancellationToken) where T : class, ILeasedRecord =>
        (await ClaimAsync(id, terms, cancellationToken)).Lease;

    /// <summary>Takes the record, waiting while another worker holds it (a duplicate job, or the worker of a dead
    /// process whose lease has not lapsed yet).</summary>
    /// <returns>The lease, renewed until disposed; null when the record has finished or is gone.</returns>
    public async Task<HeldLease?> TakeAsync<T>(Guid id, LeaseTerms<T> terms, CancellationToken cancellationToken) where T : class, ILeasedRecord
    {
        while (true)
        {
            var (result, lease) = await ClaimAsync(id, terms, cancellationToken);
            if (result != ClaimResult.Held)
                return lease;
            logger.LogInformation("{Kind} {Id} is held by another worker; waiting for its lease", terms.Kind, id);
            await Task.Delay(Every(terms), clock, cancellationToken);
        }
    }

    private async Task<(ClaimResult Result, HeldLease? Lease)> ClaimAsync<T>(Guid id, LeaseTerms<T> terms, CancellationToken cancellationToken)
        where T : class, ILeasedRecord
    {
        var owner = $"{node.Name}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = Now;
        var leaseUntil = now + options.Value.LeaseDuration;
        var unfinished = db.Set<T>().Where(r => EF.Property<Guid>(r, nameof(ILeasedRecord.Id)) == id).Where(terms.Unfinished);
        var claimed = await unfinished
            .Where(r => EF.Property<string?>(r, Owner) == null || EF.Property<DateTime?>(r, Expiry) == null || EF.Property<DateTime?>(r, Expiry) < now)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(r => EF.Property<string?>(r, Owner), owner).SetProperty(r => EF.Property<DateTime?>(r, Expiry), leaseUntil);
                terms.OnTake?.Invoke(set, now);
            }, cancellationToken);
        if (claimed == 1)
        {
            var lease = new HeldLease(
                owner, Every(terms), token => RenewAsync(id, owner, terms, token), () => ReleaseAsync<T>(id, owner), $"{terms.Kind} {id}", logger, cancellationToken);
            return (ClaimResult.Claimed, lease);
        }
        return (await unfinished.AnyAsync(cancellationToken) ? ClaimResult.Held : ClaimResult.Ended, null);
    }

    private async Task<bool> RenewAsync<T>(Guid id, string owner, LeaseTerms<T> terms, CancellationToken cancellationToken) where T : class, ILeasedRecord
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var leaseUntil = Now + options.Value.LeaseDuration;
        var held = Held<T>(db, id, owner);
        if (terms.RenewWhile is { } renewWhile)
            held = held.Where(renewWhile);
        return await held.ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<DateTime?>(r, Expiry), leaseUntil), cancellationToken) == 1;
    }

    private async Task ReleaseAsync<T>(Guid id, string owner) where T : class, ILeasedRecord
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        await Held<T>(db, id, owner).ExecuteUpdateAsync(set => set
            .SetProperty(r => EF.Property<string?>(r, Owner), (string?)null)
            .SetProperty(r => EF.Property<DateTime?>(r, Expiry), (DateTime?)null), CancellationToken.None);
    }

    private static IQueryable<T> Held<T>(GenServiceDbContext db, Guid id, string owner) where T : class, ILeasedRecord =>
        db.Set<T>().Where(r => EF.Property<Guid>(r, nameof(ILeasedRecord.Id)) == id && EF.Property<string?>(r, Owner) == owner);

    private TimeSpan Every<T>(LeaseTerms<T> terms) where T : class, ILeasedRecord => terms.Every ?? options.Value.LeaseDuration / 5;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private enum ClaimResult
    {
        Claimed,

        /// <summary>Another worker holds the record and its lease has not lapsed.</summary>
        Held,

        /// <summary>The record has finished or is gone: nothing to do.</summary>
        Ended,
    }
}
