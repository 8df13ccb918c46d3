using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Quotas;

/// <summary>Each account's quotas: what they are, what is taken of them, and whether a request fits in them.
/// Keys that belong to no account (the operator's) have none.</summary>
public sealed class QuotaService(GenServiceDbContext db, IOptions<QuotaOptions> options, GenerationRateLimiter rateLimiter)
{
    public QuotaLimitsResponse Limits(Account account) => new(
        account.ConcurrentTrainingRunsQuota ?? options.Value.ConcurrentTrainingRuns,
        account.StoredBytesQuota ?? options.Value.StoredBytes,
        account.ImagesPerGenerationQuota ?? options.Value.ImagesPerGeneration);

    /// <returns>The account's quotas; null for no account, the operator's or an unknown one, which have none.</returns>
    public async Task<QuotaLimitsResponse?> LimitsAsync(Guid? accountId, CancellationToken cancellationToken) =>
        accountId is { } id && id != Account.OperatorId && await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } account
            ? Limits(account)
            : null;

    public async Task<QuotaUsageResponse> UsageAsync(Account account, CancellationToken cancellationToken)
    {
        var limits = Limits(account);
        return new QuotaUsageResponse(
            new RateQuotaUsage(rateLimiter.RequestsPerSecond, rateLimiter.Burst, rateLimiter.Remaining(account.Id)),
            new QuotaUsage(limits.ConcurrentTrainingRuns, await UnfinishedRunsAsync(account.Id, cancellationToken)),
            new QuotaUsage(limits.StoredBytes, await StoredBytesAsync(account.Id, cancellationToken)),
            new QuotaUsage(limits.ImagesPerGeneration, null));
    }

    /// <returns>Why one more training run of the account is refused (429); null when the account allows it.</returns>
    public async Task<ServiceError?> CheckConcurrentTrainingRunsAsync(Guid? accountId, CancellationToken cancellationToken)
    {
        if (await LimitsAsync(accountId, cancellationToken) is not { } limits
            || await UnfinishedRunsAsync(accountId!.Value, cancellationToken) < limits.ConcurrentTrainingRuns)
            return null;
        return ServiceError.OverQuota(
            new QuotaExceeded(QuotaExceeded.ConcurrentTrainingRuns, limits.ConcurrentTrainingRuns),
            $"This account has {limits.ConcurrentTrainingRuns} training runs queued or running, its quota {QuotaExceeded.ConcurrentTrainingRuns}: "
                + "start this one when one of them has ended, or cancel one.",
            tooLarge: false);
    }

    /// <summary>Queued runs count with running ones: each will take a worker.</summary>
    private Task<int> UnfinishedRunsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.TrainingRuns.IgnoreQueryFilters()
            .CountAsync(r => r.AccountId == accountId && (r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running), cancellationToken);

    /// <summary>Bytes the account's files take, as recorded when they were written: its datasets as stored, and its
    /// training runs' checkpoints, snapshots and exported models (<see cref="TrainingRun.StoredBytes"/>).</summary>
    public async Task<long> StoredBytesAsync(Guid accountId, CancellationToken cancellationToken) =>
        await db.Datasets.IgnoreQueryFilters().Where(d => d.AccountId == accountId).SumAsync(d => d.SizeBytes, cancellationToken)
        + await db.TrainingRuns.IgnoreQueryFilters().Where(r => r.AccountId == accountId).SumAsync(r => r.StoredBytes, cancellationToken);

    /// <param name="adding">Bytes about to be stored; null for work whose size is not known yet (a training run, an upload
    /// before it is read), which is refused only when the account has no room left at all.</param>
    /// <returns>Why storing more for the account is refused (413); null when it fits.</returns>
    public async Task<ServiceError?> CheckStoredBytesAsync(Guid? accountId, long? adding, CancellationToken cancellationToken)
    {
        if (await LimitsAsync(accountId, cancellationToken) is not { } limits)
            return null;
        var used = await StoredBytesAsync(accountId!.Value, cancellationToken);
        if (adding is { } bytes ? used + bytes <= limits.StoredBytes : used < limits.StoredBytes)
            return null;
        var over = adding is { } size ? $"{size} bytes more would take it over" : "it has no room left";
        return ServiceError.OverQuota(
            new QuotaExceeded(QuotaExceeded.StoredBytes, limits.StoredBytes, used),
            $"This account stores {used} bytes of its quota {QuotaExceeded.StoredBytes}, {limits.StoredBytes} bytes, and {over}: "
                + "delete datasets or models to make room, or ask an admin for a larger quota.",
            tooLarge: true);
    }

    /// <returns>Why a generation of <paramref name="count"/> images is refused (413); null when the account allows it.</returns>
    public async Task<ServiceError?> CheckImagesPerGenerationAsync(Guid? accountId, int count, CancellationToken cancellationToken)
    {
        if (await LimitsAsync(accountId, cancellationToken) is not { } limits || count <= limits.ImagesPerGeneration)
            return null;
        return ServiceError.OverQuota(
            new QuotaExceeded(QuotaExceeded.ImagesPerGeneration, limits.ImagesPerGeneration),
            $"{count} images are over this account's quota {QuotaExceeded.ImagesPerGeneration}: at most {limits.ImagesPerGeneration} "
                + "images per generation; ask for fewer, or split them into several generations.",
            tooLarge: true);
    }

    /// <summary>Sets all of an account's own quotas at once: one left out goes back to the configured default.</summary>
    public async Task<ServiceResult<QuotaLimitsResponse>> SetAsync(Guid accountId, SetQuotasRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.ConcurrentTrainingRuns is < 0 or > QuotaOptions.MaxConcurrentTrainingRuns)
            errors.Add("concurrentTrainingRuns", $"Must be between 0 and {QuotaOptions.MaxConcurrentTrainingRuns}, or absent for the default.");
        if (request.StoredBytes is < 0)
            errors.Add("storedBytes", "Must be 0 or more, or absent for the default.");
        if (request.ImagesPerGeneration is < 1 or > QuotaOptions.MaxImagesPerGeneration)
            errors.Add("imagesPerGeneration", $"Must be between 1 and {QuotaOptions.MaxImagesPerGeneration}, or absent for the default.");
        if (errors.ToError() is { } invalid)
            return invalid;
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
            return ServiceError.NotFound($"Account {accountId} does not exist.");

        account.ConcurrentTrainingRunsQuota = request.ConcurrentTrainingRuns;
        account.StoredBytesQuota = request.StoredBytes;
        account.ImagesPerGenerationQuota = request.ImagesPerGeneration;
        await db.SaveChangesAsync(cancellationToken);
        return Limits(account);
    }
}
