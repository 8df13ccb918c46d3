namespace GenService.Api.Entities;

/// <summary>Whom keys belong to: a customer or team. An account has its own webhook secret and quotas.</summary>
public sealed class Account
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The secret its generations' webhook calls are signed with (whsec_ + base64). Kept readable, not
    /// hashed, because every node must sign with it; shown to the account only when it is made or rotated. Null for
    /// an account made before accounts had secrets: its calls are signed with the service-wide secret until it rotates.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Training runs it may have queued or running at once; null for the configured default (Quotas:ConcurrentTrainingRuns).</summary>
    public int? ConcurrentTrainingRunsQuota { get; set; }

    /// <summary>Bytes its uploads and checkpoints may take; null for the configured default (Quotas:StoredBytes).</summary>
    public long? StoredBytesQuota { get; set; }

    /// <summary>Images one asynchronous generation may ask for; null for the configured default (Quotas:ImagesPerGeneration).</summary>
    public int? ImagesPerGenerationQuota { get; set; }
}
