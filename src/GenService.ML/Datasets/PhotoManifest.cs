namespace GenService.ML.Datasets;

/// <summary>
/// The manifest.json beside a stored photo set: one raw file of every photo's planar uint8 bytes, one
/// after another, and where each photo lies in it.
/// </summary>
/// <param name="FormatVersion">Bumped when the layout changes; readers refuse versions they do not know.</param>
/// <param name="Kind">"photos", for people reading the folder.</param>
/// <param name="Channels">1 (gray) or 3 (RGB), the same for every photo.</param>
/// <param name="PixelsFile">The raw file: photo after photo, each C·H·W bytes, planar.</param>
public sealed record PhotoManifest(int FormatVersion, string Kind, int Channels, string PixelsFile, IReadOnlyList<PhotoEntry> Photos)
{
    public long TotalBytes => Photos.Sum(photo => photo.Bytes(Channels));
}

/// <param name="Name">Where the photo came from (a file name).</param>
/// <param name="Offset">Where its bytes start in the pixels file.</param>
/// <param name="HeldOut">Kept out of training, for evaluation.</param>
public sealed record PhotoEntry(string Name, int Height, int Width, long Offset, bool HeldOut)
{
    public long Bytes(int channels) => (long)channels * Height * Width;
}
