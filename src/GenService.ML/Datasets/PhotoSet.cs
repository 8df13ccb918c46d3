using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Photos in memory, each at its own size, all with the same channels, and which of them are held out.
/// Trainers that learn from crops (super-resolution, image-to-image) draw <see cref="RandomCrops"/> from it.
/// </summary>
public sealed class PhotoSet : IDisposable
{
    public PhotoSet(IReadOnlyList<Photo> photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        if (photos.Count == 0)
            throw new ArgumentException("A photo set needs at least one photo.", nameof(photos));
        foreach (var photo in photos)
        {
            if (photo.Pixels.dtype != ScalarType.Byte || photo.Pixels.dim() != 3 || photo.Pixels.shape[0] is not (1 or 3))
                throw new ArgumentException($"Photo '{photo.Name}' must be a uint8 tensor [C, H, W] with C = 1 or 3.", nameof(photos));
            if (photo.Pixels.shape[0] != photos[0].Pixels.shape[0])
                throw new ArgumentException($"Photo '{photo.Name}' has {photo.Pixels.shape[0]} channels, '{photos[0].Name}' {photos[0].Pixels.shape[0]}: a set has one.", nameof(photos));
        }
        Photos = photos;
    }

    public IReadOnlyList<Photo> Photos { get; }

    public int Count => Photos.Count;

    public int Channels => (int)Photos[0].Pixels.shape[0];

    /// <summary>The shortest side of any photo: the largest crop every photo can give.</summary>
    public int MinSide => Photos.Min(photo => Math.Min(photo.Height, photo.Width));

    /// <summary>The photos to train on and the held-out ones, as two sets sharing these pixels (each disposable on its own).</summary>
    public (PhotoSet? Train, PhotoSet? HeldOut) Split()
    {
        var train = Photos.Where(photo => !photo.HeldOut).ToList();
        var heldOut = Photos.Where(photo => photo.HeldOut).ToList();
        return (SharingPixels(train), SharingPixels(heldOut));
    }

    /// <summary>
    /// <paramref name="count"/> square crops of <paramref name="size"/>: each from a photo chosen uniformly,
    /// at a position chosen uniformly within it. The same generator state always gives the same crops.
    /// </summary>
    /// <returns>uint8 [count, C, size, size].</returns>
    /// <exception cref="ArgumentException">A photo is smaller than the crop (see <see cref="MinSide"/>).</exception>
    public Tensor RandomCrops(int count, int size, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(generator);
        if (size > MinSide)
        {
            var smallest = Photos.First(photo => Math.Min(photo.Height, photo.Width) == MinSide);
            throw new ArgumentException($"A {size}×{size} crop does not fit photo '{smallest.Name}' ({smallest.Width}×{smallest.Height}); the largest crop every photo gives is {MinSide}.", nameof(size));
        }

        using var scope = NewDisposeScope();
        var chosen = randint(Count, [count], generator: generator, dtype: ScalarType.Int64).data<long>().ToArray();
        var positions = rand([count, 2], generator: generator, dtype: ScalarType.Float64).data<double>().ToArray();
        var crops = empty([count, Channels, size, size], ScalarType.Byte);
        for (var i = 0; i < count; i++)
        {
            var photo = Photos[(int)chosen[i]];
            var top = (long)(positions[2 * i] * (photo.Height - size + 1));
            var left = (long)(positions[(2 * i) + 1] * (photo.Width - size + 1));
            crops[i].copy_(photo.Pixels.narrow(1, top, size).narrow(2, left, size));
        }
        return crops.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var photo in Photos)
            photo.Pixels.Dispose();
    }

    private static PhotoSet? SharingPixels(List<Photo> photos) =>
        photos.Count == 0 ? null : new PhotoSet(photos.Select(photo => photo with { Pixels = photo.Pixels.alias() }).ToList());
}
