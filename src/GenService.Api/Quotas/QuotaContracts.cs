namespace GenService.Api.Quotas;

/// <summary>An account's own quotas; each one left out (or null) is the configured default (Quotas:…).</summary>
/// <param name="ConcurrentTrainingRuns">Training runs it may have queued or running at once (0 to 10000; 0: none).</param>
/// <param name="StoredBytes">Bytes its datasets and training runs' files (checkpoints, snapshots, exported models) may take (0 or more).</param>
/// <param name="ImagesPerGeneration">Images one of its asynchronous generations may ask for (1 to 100000; Generations:MaxImages still bounds every generation).</param>
public sealed record SetQuotasRequest(int? ConcurrentTrainingRuns = null, long? StoredBytes = null, int? ImagesPerGeneration = null);

/// <summary>An account's quotas: its own where an admin set them, else the configured defaults.</summary>
public sealed record QuotaLimitsResponse(int ConcurrentTrainingRuns, long StoredBytes, int ImagesPerGeneration);

/// <param name="Limit">Requests a second on average, to the generation routes (samples, translate, text-to-image, POST generations, ...).</param>
/// <param name="Burst">Requests at once after a quiet spell: the token bucket's size.</param>
/// <param name="Remaining">Requests that may be made now: the tokens left in this node's bucket (each node keeps its own).</param>
public sealed record RateQuotaUsage(double Limit, int Burst, long Remaining);

/// <param name="Used">How much is taken now; absent where the service does not count it.</param>
public sealed record QuotaUsage(long Limit, long? Used);

/// <summary>Each quota of an account, named as refusals name them, with what is taken of it.</summary>
public sealed record QuotaUsageResponse(
    RateQuotaUsage GenerationRequestsPerSecond,
    QuotaUsage ConcurrentTrainingRuns,
    QuotaUsage StoredBytes,
    QuotaUsage ImagesPerGeneration);
