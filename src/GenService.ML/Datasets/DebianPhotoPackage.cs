namespace GenService.ML.Datasets;

/// <summary>The Debian packages whose photographs <see cref="DebianPhotos"/> lists.</summary>
public enum DebianPhotoPackage
{
    /// <summary>python3-skimage's sample images.</summary>
    Skimage,

    /// <summary>plasma-workspace-wallpapers.</summary>
    Wallpapers,
}
