namespace GenService.Api.Entities;

/// <summary>What each image of a generation is.</summary>
public enum GenerationOperation
{
    /// <summary>Image i is the sample of seed Seed + i.</summary>
    Sample,

    /// <summary>Image i is the translation of dataset item FirstDatasetIndex + i with seed Seed + i.</summary>
    Translate,

    /// <summary>Image i is the label map of dataset item FirstDatasetIndex + i rendered in seed Seed + i's style.</summary>
    LabelMapToImage,

    /// <summary>Image i is drawn from the prompt with seed Seed + i.</summary>
    TextToImage,
}

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
