namespace GenService.Api.Entities;

public enum GenerationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Where the completion call of a generation's webhook stands.</summary>
public enum WebhookStatus
{
    Pending,
    Delivered,
    Failed,
}
