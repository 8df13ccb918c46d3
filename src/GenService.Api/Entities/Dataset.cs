namespace GenService.Api.Entities;

/// <summary>An image collection stored in the service's tensor-friendly form, ready to train on.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Where it came from: "upload" or "fashion-mnist".</summary>
    public required string Kind { get; set; }

    public int Channels { get; set; }

    public int ImageHeight { get; set; }

    public int ImageWidth { get; set; }

    public int ItemCount { get; set; }

    /// <summary>Class names, indexed by label; empty when the images carry no labels.</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary>Folder under the data root that holds the stored tensors.</summary>
    public required string StorageLocation { get; set; }

    /// <summary>SHA-256 of the stored image bytes.</summary>
    public required string Checksum { get; set; }

    public long SizeBytes { get; set; }

    public DateTime CreatedAt { get; set; }
}
