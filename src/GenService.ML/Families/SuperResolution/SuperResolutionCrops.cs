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
/// Training crops are random (drawn from the step's generator); evaluation crops are fixed places of the
/// held-out images; preview crops are fixed by their seeds. The images are either of one size or photos at
/// their own sizes (<see cref="ICropSource"/>).
/// </summary>
public sealed class SuperResolutionCrops
{
    private readonly ICropSource source;
    private readonly int scale;
    private readonly Device device;

    /// <param name="requestedSize">The crop size asked for; see <see cref="EffectiveSize"/>.</param>
    public SuperResolutionCrops(DatasetTensors train, DatasetTensors validation, int scale, int requestedSize, Device device)
        : this(new ImageCropSource(train, validation), scale, requestedSize, device)
    {
    }

    /// <param name="requestedSize">The crop size asked for; see <see cref="EffectiveSize"/>.</param>
    public SuperResolutionCrops(PhotoSet train, PhotoSet validation, int scale, int requestedSize, Device device)
        : this(new PhotoCropSource(train, validation), scale, requestedSize, device)
    {
    }

    private SuperResolutionCrops(ICropSource source, int scale, int requestedSize, Device device)
    {
        this.source = source;
        this.scale = scale;
        this.device = device;
        Size = EffectiveSize(source.Shape, scale, requestedSize);
    }

    /// <summary>The crops of a run's images or photos, whichever <paramref name="setup"/> holds.</summary>
    public static SuperResolutionCrops From(TrainingSetup setup, int scale, int requestedSize) =>
        setup.TrainPhotos is { } photos
            ? new SuperResolutionCrops(photos, setup.ValidationPhotos!, scale, requestedSize, setup.Device)
            : new SuperResolutionCrops(setup.Train, setup.Validation, scale, requestedSize, setup.Device);

    /// <summary>Side of every crop, high resolution.</summary>
    public int Size { get; }

    /// <summary>The channels, and the smallest height and width of any image: what the generator is built for.</summary>
    public ImageShape Shape => source.Shape;

    /// <summary>The requested size, lowered to the images' shorter side where they are smaller (the smallest
    /// photo's, for photos), then to a multiple of the scale, so that every crop has an exact low-resolution counterpart.</summary>
    public static int EffectiveSize(ImageShape shape, int scale, int requestedSize)
    {
        var size = Math.Min(requestedSize, Math.Min(shape.Height, shape.Width));
        return size - size % scale;
    }

    /// <summary><paramref name="count"/> crops of random training images at random positions, each turned by one of
    /// the square's eight symmetries (<see cref="RandomSymmetries"/>).</summary>
    public CropPair Training(int count, Generator random)
    {
        using var crops = source.RandomTrainingCrops(count, Size, random);
        using var turned = RandomSymmetries(crops.Images, random);
        return Pair(turned);
    }

    /// <summary>
    /// Each crop flipped left-right, flipped top-bottom and transposed, each with probability ½: the eight symmetries
    /// of the square, drawn per crop. A photo's detail looks the same turned, so this gives a handful of training
    /// photos eight times the patterns; EDSR (Lim et al. 2017) and its successors train with it.
    /// </summary>
    /// <param name="crops">[N, C, S, S]</param>
    public static Tensor RandomSymmetries(Tensor crops, Generator random)
    {
        using var scope = NewDisposeScope();
        var choices = randint(0, 2, [3, crops.shape[0], 1, 1, 1], dtype: ScalarType.Int64, generator: random).to_type(ScalarType.Bool).to(crops.device);
        var turned = where(choices[0], crops.flip(3), crops);
        turned = where(choices[1], turned.flip(2), turned);
        turned = where(choices[2], turned.transpose(2, 3), turned);
        return turned.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Random training crops as a dataset, labels kept (photos have none): what a feature network trains on.</summary>
    public DatasetTensors TrainingCropsAsDataset(int count, Generator random) => source.RandomTrainingCrops(count, Size, random);

    /// <summary>At most <paramref name="count"/> fixed crops of the held-out images: the centres of images of one
    /// size, an even grid over each held-out photo.</summary>
    public CropPair Validation(int count)
    {
        using var scope = NewDisposeScope();
        var pair = Pair(source.HeldOutCrops(count, Size));
        pair.LowResolution.MoveToOuterDisposeScope();
        pair.HighResolution.MoveToOuterDisposeScope();
        return pair;
    }

    /// <summary>One held-out crop per seed: image (seed mod count) at a position drawn from the seed, so a
    /// run's previews always show the same places.</summary>
    public CropPair Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        var crops = seeds.Select(seed => source.PreviewCrop(seed, Size)).ToList();
        var pair = Pair(crops.Count == 0 ? zeros([0, Shape.Channels, Size, Size], ScalarType.Byte) : cat(crops, 0));
        pair.LowResolution.MoveToOuterDisposeScope();
        pair.HighResolution.MoveToOuterDisposeScope();
        return pair;
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
