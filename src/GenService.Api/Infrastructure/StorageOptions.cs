using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Infrastructure;

/// <summary>Where datasets, checkpoints and models live on disk. Bound from "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Root folder for everything the service stores; relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Largest dataset archive accepted, in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L << 30;

    public string RootPath => Path.GetFullPath(DataDirectory);

    /// <summary>Resolves a location stored in the database (always relative to the root).</summary>
    public string Resolve(string relativeLocation) => Path.Combine(RootPath, relativeLocation);
}
