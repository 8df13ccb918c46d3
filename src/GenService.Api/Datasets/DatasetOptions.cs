using System.ComponentModel.DataAnnotations;
using GenService.ML.Datasets;

namespace GenService.Api.Datasets;

/// <summary>Where built-in datasets live and how much an uploaded archive may hold. Bound from "Datasets".</summary>
public sealed class DatasetOptions
{
    public const string SectionName = "Datasets";

    /// <summary>Folder of the Debian package dataset-fashion-mnist's gzipped IDX files.</summary>
    [Required]
    public string FashionMnistDirectory { get; set; } = FashionMnist.DefaultDirectory;

    /// <summary>Folder of python3-skimage's sample images, for the built-in photos.</summary>
    [Required]
    public string SkimageDataDirectory { get; set; } = DebianPhotos.DefaultSkimageDirectory;

    /// <summary>Folder of plasma-workspace-wallpapers, for the built-in photos.</summary>
    [Required]
    public string WallpapersDirectory { get; set; } = DebianPhotos.DefaultWallpapersDirectory;

    /// <summary>Most pixels a stored photo keeps (4 megapixels): a larger photo is scaled down to fit, its aspect kept.</summary>
    [Range(64, 100_000_000)]
    public long MaxPhotoPixels { get; set; } = 4_000_000;

    /// <summary>Most entries (files and folders) an archive may list; guards against archives of millions of tiny entries.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 200_000;

    /// <summary>Most bytes the images of an archive may expand to, by their headers and as actually read (zip-bomb guard).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUncompressedBytes { get; set; } = 8L << 30;

    /// <summary>Largest single image file accepted; each is read into memory to decode.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxImageFileBytes { get; set; } = 64 << 20;

    /// <summary>Most pixels one source image may declare (decompression-bomb guard: a small PNG can claim a huge canvas).</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Largest dataset, in bytes of stored pixels (N·C·H·W). Training holds a dataset in memory.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxDatasetBytes { get; set; } = 4L << 30;
}
