using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using Microsoft.Extensions.Options;

namespace GenService.Api.Datasets;

/// <summary>Loads a stored dataset's tensors (images, photos, pairs, label maps or captioned images) or trajectory scenes for training; the caller disposes tensors.</summary>
public sealed class DatasetLoader(IOptions<StorageOptions> storage)
{
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifest.</exception>
    public DatasetTensors Load(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Load(dataset.StorageLocation);
    }

    /// <summary>The dataset's images with their per-image labels, whatever its kind stores beside them: a
    /// <see cref="DatasetKind.Labelmaps"/> dataset's images labelled by their styles (<see cref="LabelMapSet.StyledImages"/>).</summary>
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifest.</exception>
    public DatasetTensors LoadImages(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Kind != DatasetKind.Labelmaps)
            return Load(dataset);
        using var maps = LoadLabelMaps(dataset);
        return maps.StyledImages();
    }

    /// <param name="storageLocation">The dataset's folder relative to the data root, as stored in the database.</param>
    public DatasetTensors Load(string storageLocation) => DatasetFile.Read(storage.Value.Resolve(storageLocation));

    /// <summary>An image dataset's manifest: what a run splits by (<see cref="DatasetManifest.TrainAndHeldOut"/>).</summary>
    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public DatasetManifest LoadManifest(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return DatasetFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation));
    }

    /// <summary>A <see cref="DatasetKind.Photos"/> dataset's photos, each at its own size, with their held-out flags.</summary>
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifest.</exception>
    public PhotoSet LoadPhotos(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return PhotoFile.Read(storage.Value.Resolve(dataset.StorageLocation));
    }

    /// <summary>A <see cref="DatasetKind.Pairs"/> dataset's A→B pairs.</summary>
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifest.</exception>
    public ImagePairs LoadPairs(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var pairs = PairFile.Read(storage.Value.Resolve(dataset.StorageLocation));
        return new ImagePairs(pairs.A, pairs.B);
    }

    /// <summary>A <see cref="DatasetKind.Pairs"/> dataset's train/, val/ and test/ folders as its archive had them; null when it had none.</summary>
    /// <exception cref="InvalidDataException">The manifest is missing or unreadable.</exception>
    public IReadOnlyList<PairSplit>? LoadPairSplits(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return PairFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation)).Splits;
    }

    /// <summary>A <see cref="DatasetKind.Labelmaps"/> dataset's images, their maps, classes and per-image labels.</summary>
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifest.</exception>
    public LabelMapSet LoadLabelMaps(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return LabelMapFile.Read(storage.Value.Resolve(dataset.StorageLocation));
    }

    /// <summary>A <see cref="DatasetKind.Trajectories"/> dataset's scenes, train, then validation, then test ones.</summary>
    /// <exception cref="InvalidDataException">The stored files are missing or no longer read.</exception>
    public IReadOnlyList<TrajectoryScene> LoadTrajectories(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return TrajectoryFile.Read(storage.Value.Resolve(dataset.StorageLocation));
    }

    /// <summary>
    /// A <see cref="DatasetKind.Captions"/> dataset's images (labelled when they have classes), each image's captions and
    /// held-out flag, and the built-in writer's attribute thresholds. (<see cref="Load(Dataset)"/> reads its images alone.)
    /// </summary>
    /// <exception cref="InvalidDataException">The stored files are missing, truncated or do not match their manifests.</exception>
    public CaptionSet LoadCaptions(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return CaptionFile.Read(storage.Value.Resolve(dataset.StorageLocation));
    }
}
