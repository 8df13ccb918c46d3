using System.ComponentModel.DataAnnotations;
using System.Net;
using GenService.Api.Webhooks;

namespace GenService.Api.Generations;

/// <summary>How asynchronous generations run and report back. Bound from "Generations".</summary>
public sealed class GenerationOptions : IValidatableObject
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

    /// <summary>The secret webhook calls are signed with (whsec_ + base64, as the Standard Webhooks specification
    /// writes it). Empty: one is generated on first start and kept in the data folder (<see cref="Infrastructure.StorageLayout.WebhookSecret"/>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Ranges (CIDR, e.g. 10.1.2.0/24 or 127.0.0.1/32) webhooks may be delivered to although they are
    /// loopback, private, link-local or otherwise internal; see <see cref="WebhookDestinationPolicy"/>.</summary>
    public string[] WebhookAllowedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(WebhookSecret) && !Webhooks.WebhookSecret.TryParse(WebhookSecret, out _))
            yield return new ValidationResult("Must be whsec_ followed by the base64 of 16 or more bytes.", [nameof(WebhookSecret)]);
        foreach (var network in WebhookAllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
                yield return new ValidationResult($"'{network}' is not a network in CIDR form, such as 10.1.2.0/24 or fd00::/8.", [nameof(WebhookAllowedNetworks)]);
        }
    }

    public WebhookDestinationPolicy DestinationPolicy() => new(WebhookAllowedNetworks.Select(IPNetwork.Parse).ToList());
}
