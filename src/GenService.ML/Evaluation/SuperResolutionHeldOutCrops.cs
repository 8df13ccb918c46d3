using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// The fixed held-out crops a trained super-resolution model is evaluated on: the same crops every time, so
/// evaluations of a model's checkpoints (and of models of one dataset) compare. Images of one size give their
/// centre crops; photos, being few and large, give several crops each, on an even grid over the photo.
/// </summary>
public static class SuperResolutionHeldOutCrops
{
    /// <summary>SRGAN's 96-pixel crops (Ledig et al. 2017), whatever a model trained on, so that figures compare
    /// between models; lowered to the images' shorter side and a multiple of the scale where they are smaller.</summary>
    public const int RequestedSize = 96;

    /// <summary>Centre crops of the first <paramref name="count"/> held-out images (fewer if there are fewer).</summary>
    /// <returns>uint8 [N, C, S, S] with S = <see cref="SizeFor"/> of the images.</returns>
    public static Tensor Of(DatasetTensors heldOut, int scale, int count) => Centres(heldOut, SizeFor(heldOut.Shape, scale), count);

    /// <summary>About <paramref name="count"/> crops, the same number from each held-out photo (at least one),
    /// spread evenly over it; at most <paramref name="count"/> when there are fewer photos than that.</summary>
    /// <returns>uint8 [N, C, S, S] with S = <see cref="SizeFor"/> of the smallest photo.</returns>
    public static Tensor Of(PhotoSet heldOut, int scale, int count) =>
        Grid(heldOut, SizeFor(new ImageShape(heldOut.Channels, heldOut.MinSide, heldOut.MinSide), scale), count);

    /// <summary>The centre <paramref name="size"/> pixels of the first <paramref name="count"/> images.</summary>
    public static Tensor Centres(DatasetTensors images, int size, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var shape = images.Shape;
        using var scope = NewDisposeScope();
        return images.Images.narrow(0, 0, Math.Min(count, images.Count))
            .narrow(2, (shape.Height - size) / 2, size)
            .narrow(3, (shape.Width - size) / 2, size)
            .clone()
            .MoveToOuterDisposeScope();
    }

    /// <summary>About <paramref name="count"/> crops of <paramref name="size"/>, the same number from each photo, on an
    /// even grid over it: a photo's centre alone is one patch of sky or face, and a few photos' centres are too few
    /// crops for a mean that holds still from one evaluation to the next.</summary>
    public static Tensor Grid(PhotoSet photos, int size, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var perPhoto = Math.Max(1, count / photos.Count);
        using var scope = NewDisposeScope();
        var crops = photos.Photos.Take(count)
            .SelectMany(photo => GridPositions(photo.Height, photo.Width, size, perPhoto)
                .Select(position => photo.Pixels.narrow(1, position.Top, size).narrow(2, position.Left, size).unsqueeze(0)))
            .ToList();
        return cat(crops, 0).MoveToOuterDisposeScope();
    }

    /// <summary>The crop side for images whose smallest is <paramref name="smallest"/>.</summary>
    public static int SizeFor(ImageShape smallest, int scale) => SuperResolutionCrops.EffectiveSize(smallest, scale, RequestedSize);

    /// <summary><paramref name="count"/> top-left corners on a grid of about √count × √count spanning the photo.</summary>
    private static IEnumerable<(long Top, long Left)> GridPositions(int height, int width, int size, int count)
    {
        var columns = (int)Math.Ceiling(Math.Sqrt(count));
        var rows = (count + columns - 1) / columns;
        return Enumerable.Range(0, count).Select(i => (Spread(i / columns, rows, height - size), Spread(i % columns, columns, width - size)));
    }

    /// <summary>Position <paramref name="index"/> of <paramref name="count"/> evenly spaced over [0, range]; the middle for one.</summary>
    private static long Spread(int index, int count, int range) => count == 1 ? range / 2 : (long)index * range / (count - 1);
}
