using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Generations;

/// <summary>How asynchronous generations run and report back. Bound from "Generations".</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generations";

    /// <summary>Most images one generation may ask for.</summary>
    [Range(1, 100_000)]
    public int MaxImages { get; set; } = 4096;

    /// <summary>Generation jobs run at once by this process. Their images go through the inference engine
    /// in pieces of Inference:MaxBatchSize, batched with and queued behind synchronous requests.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How long a piece may keep finding the engine full (429) or too slow (503) before the
    /// generation fails; it retries after the engine's Retry-After until then.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Calls of a webhook before it is given up, the first included.</summary>
    [Range(1, 20)]
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>Wait before the second call; each later wait doubles (1, 2, 4, 8 s by default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan WebhookFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one call may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
