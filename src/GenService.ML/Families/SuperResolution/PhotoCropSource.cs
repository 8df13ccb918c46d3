using GenService.ML.Datasets;
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

    /// <summary>An even grid of crops over each held-out photo, the same number from each: a photo's centre alone
    /// is one patch of sky or face, and a handful of held-out photos gave a handful of crops, whose PSNR swung
    /// from one evaluation to the next by more than the model changed.</summary>
    public Tensor HeldOutCrops(int count, int size)
    {
        var perSide = Math.Max(1, (int)Math.Floor(Math.Sqrt((double)count / validation.Count)));
        var crops = validation.Photos.Take(count).SelectMany(photo =>
            from row in Enumerable.Range(0, perSide)
            from column in Enumerable.Range(0, perSide)
            select photo.Pixels
                .narrow(1, GridPosition(row, perSide, photo.Height - size), size)
                .narrow(2, GridPosition(column, perSide, photo.Width - size), size)
                .unsqueeze(0));
        return cat(crops.ToList(), 0);
    }

    /// <summary>Position <paramref name="index"/> of <paramref name="count"/> spread evenly over [0, <paramref name="room"/>],
    /// the first and last at the edges.</summary>
    private static long GridPosition(int index, int count, int room) =>
        count == 1 ? room / 2 : (long)index * room / (count - 1);

    public Tensor PreviewCrop(long seed, int size)
    {
        using var random = new Generator(unchecked((ulong)seed));
        var photo = validation.Photos[(int)((ulong)seed % (ulong)validation.Count)];
        var top = randint(0, photo.Height - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        var left = randint(0, photo.Width - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        return photo.Pixels.narrow(1, top, size).narrow(2, left, size).unsqueeze(0);
    }
}
