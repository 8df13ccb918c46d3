namespace GenService.Api.Quotas;

/// <summary>The quota a request would go over and its limit, which the refusal's ProblemDetails carry as
/// <c>quota</c> and <c>limit</c>. The names are those GET /v1/account shows.</summary>
public sealed record QuotaExceeded(string Quota, double Limit)
{
    public const string GenerationRequestsPerSecond = "generationRequestsPerSecond";

    public const string ConcurrentTrainingRuns = "concurrentTrainingRuns";

    public const string StoredBytes = "storedBytes";

    public const string ImagesPerGeneration = "imagesPerGeneration";

    public Dictionary<string, object?> Extensions() => new() { ["quota"] = Quota, ["limit"] = Limit };
}
