namespace GenService.Api.Entities;

/// <summary>A model of one family trained on one dataset. Each training run produces a new version.</summary>
public sealed class GenerativeModel
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: its training run's.</summary>
    public Guid AccountId { get; set; }

    public required string Name { get; set; }

    /// <summary>Family identifier, e.g. "vae".</summary>
    public required string Architecture { get; set; }

    /// <summary>1 for the first model of this name, counting up.</summary>
    public int Version { get; set; }

    /// <summary>The dataset it was trained on; null once that dataset is deleted (the model keeps working).</summary>
    public Guid? DatasetId { get; set; }

    public Dataset? Dataset { get; set; }

    public Dictionary<string, double> Hyperparameters { get; set; } = [];

    public ModelStatus Status { get; set; }

    /// <summary>Shape of the images the model generates (its family's output shape for the dataset).</summary>
    public int Channels { get; set; }

    public int ImageHeight { get; set; }

    public int ImageWidth { get; set; }

    /// <summary>Channels of the images a translating model reads, when it was trained on stored pairs (their A side);
    /// null when its family tells them from its hyperparameters (<see cref="ML.Families.ITranslationInputs"/>).</summary>
    public int? InputChannels { get; set; }

    /// <summary>The exported inference weights, under the data root; null until training succeeds.</summary>
    public string? CheckpointLocation { get; set; }

    /// <summary>Held-out metrics of the final checkpoint.</summary>
    public Dictionary<string, double> Metrics { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
