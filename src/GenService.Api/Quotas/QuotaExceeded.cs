namespace GenService.Api.Quotas;

/// <summary>The quota a request would go over, its limit and, where the service counts it, what is taken of it, which
/// the refusal's ProblemDetails carry as <c>quota</c>, <c>limit</c> and <c>used</c>. The names are those GET /v1/account shows.</summary>
public sealed record QuotaExceeded(string Quota, double Limit, double? Used = null)
{
    public const string GenerationRequestsPerSecond = "generationRequestsPerSecond";

    public const string ConcurrentTrainingRuns = "concurrentTrainingRuns";

    public const string StoredBytes = "storedBytes";

    public const string ImagesPerGeneration = "imagesPerGeneration";

    public Dictionary<string, object?> Extensions()
    {
        var extensions = new Dictionary<string, object?> { ["quota"] = Quota, ["limit"] = Limit };
        if (Used is { } used)
            extensions["used"] = used;
        return extensions;
    }
}
