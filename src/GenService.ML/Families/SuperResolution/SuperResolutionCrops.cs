using GenService.ML.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>A pair of the same crops at low and high resolution, float in [0, 1] on the run's device.</summary>
/// <param name="LowResolution">[N, C, S / scale, S / scale], the high-resolution crops bicubically downscaled.</param>
/// <param name="HighResolution">[N, C, S, S]</param>
public sealed record CropPair(Tensor LowResolution, Tensor HighResolution);

/// <summary>
/// Square crops of a run's images, as Ledig et al. 2017 train on "random 96x96 sub images" of ImageNet
/// photos, with their low-resolution inputs made on the fly by <see cref="BicubicResampling.Downscale"/>.
/// Training crops are random (drawn from the step's generator); evaluation crops are the centres of the
/// held-out images; preview crops are fixed by their seeds.
/// </summary>
public sealed class SuperResolutionCrops
{
    private readonly DatasetTensors train;
    private readonly DatasetTensors validation;
    private readonly int scale;
    private readonly Device device;

    /// <param name="requestedSize">The crop size asked for; see <see cref="EffectiveSize"/>.</param>
    public SuperResolutionCrops(DatasetTensors train, DatasetTensors validation, int scale, int requestedSize, Device device)
    {
        if (train.Count == 0 || validation.Count == 0)
            throw new ArgumentException("Super-resolution needs at least one training and one held-out image.", nameof(train));
        if (validation.Shape != train.Shape)
            throw new ArgumentException($"Held-out images are {validation.Shape}, training images {train.Shape}.", nameof(validation));
        this.train = train;
        this.validation = validation;
        this.scale = scale;
        this.device = device;
        Size = EffectiveSize(train.Shape, scale, requestedSize);
    }

    /// <summary>Side of every crop, high resolution.</summary>
    public int Size { get; }

    /// <summary>The requested size, lowered to the images' shorter side where they are smaller, then to a
    /// multiple of the scale, so that every crop has an exact low-resolution counterpart.</summary>
    public static int EffectiveSize(ImageShape shape, int scale, int requestedSize)
    {
        var size = Math.Min(requestedSize, Math.Min(shape.Height, shape.Width));
        return size - size % scale;
    }

    /// <summary><paramref name="count"/> crops of random training images at random positions.</summary>
    public CropPair Training(int count, Generator random) => Pair(RandomCrops(train, count, random).Images);

    /// <summary>Random training crops as a dataset, labels kept: what a feature network trains on.</summary>
    public DatasetTensors TrainingCropsAsDataset(int count, Generator random)
    {
        var (images, sources) = RandomCrops(train, count, random);
        using (sources)
            return new DatasetTensors(images, train.Labels?.index_select(0, sources), train.Classes);
    }

    /// <summary>The centre crops of the first <paramref name="count"/> held-out images (fewer if there are fewer).</summary>
    public CropPair Validation(int count)
    {
        using var scope = NewDisposeScope();
        var shape = validation.Shape;
        var images = validation.Images.narrow(0, 0, Math.Min(count, validation.Count))
            .narrow(2, (shape.Height - Size) / 2, Size)
            .narrow(3, (shape.Width - Size) / 2, Size);
        var pair = Pair(images);
        pair.LowResolution.MoveToOuterDisposeScope();
        pair.HighResolution.MoveToOuterDisposeScope();
        return pair;
    }

    /// <summary>One held-out crop per seed: image (seed mod count) at a position drawn from the seed, so a
    /// run's previews always show the same places.</summary>
    public CropPair Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        var crops = seeds.Select(seed =>
        {
            using var random = new Generator(unchecked((ulong)seed));
            var (top, left) = RandomPosition(validation.Shape, random);
            return validation.Images[(long)((ulong)seed % (ulong)validation.Count)].narrow(1, top, Size).narrow(2, left, Size).unsqueeze(0);
        }).ToList();
        var pair = Pair(crops.Count == 0 ? zeros([0, validation.Shape.Channels, Size, Size], ScalarType.Byte) : cat(crops, 0));
        pair.LowResolution.MoveToOuterDisposeScope();
        pair.HighResolution.MoveToOuterDisposeScope();
        return pair;
    }

    /// <returns>uint8 crops [count, C, S, S] and the int64 indices of the images they come from.</returns>
    private (Tensor Images, Tensor Sources) RandomCrops(DatasetTensors images, int count, Generator random)
    {
        using var scope = NewDisposeScope();
        var sources = randint(0, images.Count, [count], dtype: ScalarType.Int64, generator: random);
        var crops = sources.data<long>().ToArray().Select(source =>
        {
            var (top, left) = RandomPosition(images.Shape, random);
            return images.Images[source].narrow(1, top, Size).narrow(2, left, Size).unsqueeze(0);
        }).ToList();
        return (cat(crops, 0).MoveToOuterDisposeScope(), sources.MoveToOuterDisposeScope());
    }

    private (long Top, long Left) RandomPosition(ImageShape shape, Generator random)
    {
        var top = randint(0, shape.Height - Size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        var left = randint(0, shape.Width - Size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        return (top, left);
    }

    /// <param name="crops">uint8 [N, C, S, S] on the CPU</param>
    private CropPair Pair(Tensor crops)
    {
        using var scope = NewDisposeScope();
        var highResolution = crops.to(device).to_type(ScalarType.Float32).div_(255f);
        var lowResolution = BicubicResampling.Downscale(highResolution, scale);
        return new CropPair(lowResolution.MoveToOuterDisposeScope(), highResolution.MoveToOuterDisposeScope());
    }
}
