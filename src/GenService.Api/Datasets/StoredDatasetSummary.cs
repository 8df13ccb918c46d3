using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Trajectories;

namespace GenService.Api.Datasets;

/// <summary>What the database records of a dataset folder just written, whatever its kind.</summary>
/// <param name="Channels">1 or 3; for pairs, the A side's.</param>
/// <param name="ChannelsB">Pairs only: the B side's channels.</param>
/// <param name="Height">The images' height; for photos, the smallest among them.</param>
/// <param name="Width">The images' width; for photos, the smallest among them.</param>
internal sealed record StoredDatasetSummary(
    int Channels, int? ChannelsB, int Height, int Width, long Count, IReadOnlyList<string> Classes, string Checksum, long SizeBytes)
{
    /// <param name="heldOut">Positions of the images the archive held out, ascending; null for none.</param>
    public static StoredDatasetSummary WriteImages(string directory, DatasetTensors images, IReadOnlyList<long>? heldOut = null)
    {
        var stored = DatasetFile.Write(directory, images, heldOut);
        var manifest = stored.Manifest;
        return new(manifest.Channels, null, manifest.Height, manifest.Width, manifest.Count, manifest.Classes, stored.ImagesSha256, stored.SizeBytes);
    }

    public static StoredDatasetSummary WritePhotos(string directory, PhotoSet photos)
    {
        var stored = PhotoFile.Write(directory, photos);
        return new(photos.Channels, null, photos.Photos.Min(p => p.Height), photos.Photos.Min(p => p.Width), photos.Count, [], stored.Sha256, stored.SizeBytes);
    }

    public static StoredDatasetSummary WritePairs(string directory, PairTensors pairs)
    {
        var stored = PairFile.Write(directory, pairs);
        return new((int)pairs.A.shape[1], (int)pairs.B.shape[1], (int)pairs.A.shape[2], (int)pairs.A.shape[3], pairs.Count, [], stored.Sha256, stored.SizeBytes);
    }

    public static StoredDatasetSummary WriteLabelMaps(string directory, LabelMapSet set)
    {
        var stored = LabelMapFile.Write(directory, set);
        var shape = set.Images.shape;
        return new((int)shape[1], null, (int)shape[2], (int)shape[3], set.Count, set.ImageClasses, stored.Sha256, stored.SizeBytes);
    }

    /// <summary>Trajectory scenes have no image shape: channels, height and width are 0, the count is of scenes.</summary>
    public static StoredDatasetSummary WriteTrajectories(string directory, IReadOnlyList<TrajectoryScene> scenes)
    {
        var stored = TrajectoryFile.Write(directory, scenes);
        return new(0, null, 0, 0, scenes.Count, [], stored.Sha256, stored.SizeBytes);
    }

    public static StoredDatasetSummary WriteCaptions(string directory, CaptionSet set)
    {
        var stored = CaptionFile.Write(directory, set);
        var manifest = stored.Manifest;
        return new(manifest.Channels, null, manifest.Height, manifest.Width, manifest.Count, manifest.Classes, stored.ImagesSha256, stored.SizeBytes);
    }
}
