using GenService.ML.Families;

namespace GenService.Api.Entities;

/// <summary>An image collection stored in the service's tensor-friendly form, ready to train on.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: the caller's, when it was uploaded or imported.</summary>
    public Guid AccountId { get; set; }

    public required string Name { get; set; }

    /// <summary>Where it came from: "upload", "fashion-mnist" or "debian-photos".</summary>
    public required string Source { get; set; }

    /// <summary>What it holds, so a training run on the wrong kind is refused before anything loads.</summary>
    public DatasetKind Kind { get; set; }

    /// <summary>1 (gray) or 3 (RGB); for pairs, the A side's.</summary>
    public int Channels { get; set; }

    /// <summary>Pairs only: the B side's channels, 1 or 3.</summary>
    public int? ChannelsB { get; set; }

    /// <summary>The images' height; for photos, each at its own size, the smallest height among them.</summary>
    public int ImageHeight { get; set; }

    /// <summary>The images' width; for photos, the smallest width among them.</summary>
    public int ImageWidth { get; set; }

    /// <summary>Images, photos, pairs, or images with their label maps.</summary>
    public int ItemCount { get; set; }

    /// <summary>Class names, indexed by label; empty when the images carry no labels.</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary>Folder under the data root that holds the stored tensors.</summary>
    public required string StorageLocation { get; set; }

    /// <summary>SHA-256 of the stored pixel bytes (for pairs, A's then B's).</summary>
    public required string Checksum { get; set; }

    public long SizeBytes { get; set; }

    public DateTime CreatedAt { get; set; }
}
