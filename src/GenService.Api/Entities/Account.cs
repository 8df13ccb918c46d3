namespace GenService.Api.Entities;

/// <summary>Whom keys and records belong to: a customer or team. A key sees its own account's datasets, models,
/// runs, evaluations and generations; a key with the admin scope sees every account's. An account has its own
/// webhook secret and quotas.</summary>
public sealed class Account
{
    /// <summary>The operator's account, made by the migration that gave records their owners: the admin key and
    /// the keys of no account act for it, and every record stored before accounts owned records belongs to it.</summary>
    public static readonly Guid OperatorId = new("00000000-0000-0000-0000-000000000001");

    public const string OperatorName = "operator";

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
