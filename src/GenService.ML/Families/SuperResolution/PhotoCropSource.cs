using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>Crops of photos at their own sizes (<see cref="DatasetKind.Photos"/>), held out by their stored flag.</summary>
internal sealed class PhotoCropSource : ICropSource
{
    private readonly PhotoSet train;
    private readonly PhotoSet validation;

    public PhotoCropSource(PhotoSet train, PhotoSet validation)
    {
        if (validation.Channels != train.Channels)
            throw new ArgumentException($"Held-out photos have {validation.Channels} channels, training photos {train.Channels}.", nameof(validation));
        this.train = train;
        this.validation = validation;
        var photos = train.Photos.Concat(validation.Photos).ToList();
        Shape = new ImageShape(train.Channels, photos.Min(photo => photo.Height), photos.Min(photo => photo.Width));
    }

    public ImageShape Shape { get; }

    /// <remarks>Photos have no labels: a feature network trained on these crops learns their quarter turns.</remarks>
    public DatasetTensors RandomTrainingCrops(int count, int size, Generator random) =>
        new(train.RandomCrops(count, size, random), null, []);

    /// <summary>An even grid over each held-out photo (<see cref="SuperResolutionHeldOutCrops.Grid"/>).</summary>
    public Tensor HeldOutCrops(int count, int size) => SuperResolutionHeldOutCrops.Grid(validation, size, count);

    public Tensor PreviewCrop(long seed, int size)
    {
        using var random = new Generator(unchecked((ulong)seed));
        var photo = validation.Photos[(int)((ulong)seed % (ulong)validation.Count)];
        var top = randint(0, photo.Height - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        var left = randint(0, photo.Width - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        return photo.Pixels.narrow(1, top, size).narrow(2, left, size).unsqueeze(0);
    }
}
