using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// Shrivastava et al. 2017's history of generated images, as CycleGAN uses it (the reference's util/image_pool.py):
/// D is shown translations from earlier steps as well as the latest, which damps oscillation. Until the pool holds
/// <see cref="Capacity"/> images each new image is stored and shown; after that each is, with probability ½, swapped
/// for a random stored one (shown in its place, the new one stored), otherwise shown as it is. The draws come from
/// the caller's generator, so a run seeded per step replays them.
/// </summary>
public sealed class ImagePool(int capacity) : IDisposable
{
    /// <summary>Zhu et al. 2017: "we keep an image buffer that stores the 50 previously created images".</summary>
    public const int PaperCapacity = 50;

    private const double SwapProbability = 0.5;

    private readonly List<Tensor> stored = [];

    public int Capacity { get; } = capacity >= 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity cannot be negative.");

    public int Count => stored.Count;

    /// <param name="images">[N, C, S, S] the latest translations.</param>
    /// <param name="random">Draws the swaps.</param>
    /// <returns>[N, C, S, S], detached: for each image the image itself or a stored one it replaced.</returns>
    public Tensor Query(Tensor images, Generator random)
    {
        var latest = images.detach();
        if (Capacity == 0)
            return latest;
        var shown = new List<Tensor>();
        for (var i = 0; i < latest.shape[0]; i++)
        {
            var image = latest[i];
            if (stored.Count < Capacity)
            {
                stored.Add(image.clone().DetachFromDisposeScope());
                shown.Add(image);
            }
            else if (rand([1], generator: random).item<float>() < SwapProbability)
            {
                var slot = (int)randint(Capacity, [1], generator: random).item<long>();
                using var previous = stored[slot];
                shown.Add(previous.clone());
                stored[slot] = image.clone().DetachFromDisposeScope();
            }
            else
            {
                shown.Add(image);
            }
        }
        return stack(shown);
    }

    /// <summary>The stored images, oldest slot first, for a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(stored.Count);
        foreach (var image in stored)
        {
            using var onCpu = image.cpu().contiguous();
            writer.Write(onCpu.bytes.Length);
            writer.Write(onCpu.bytes);
        }
    }

    /// <summary>Replaces the stored images by those <see cref="Save"/> wrote.</summary>
    /// <param name="shape">[C, S, S] of each image.</param>
    /// <exception cref="InvalidDataException">The stream holds more images than the capacity or images of another size.</exception>
    public void Load(BinaryReader reader, long[] shape, Device device)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > Capacity)
            throw new InvalidDataException($"The image pool holds {count} images; its capacity is {Capacity}.");
        Clear();
        for (var i = 0; i < count; i++)
        {
            using var image = zeros(shape, ScalarType.Float32);
            var length = reader.ReadInt32();
            if (length != image.bytes.Length)
                throw new InvalidDataException($"A pooled image holds {length} bytes, not the {image.bytes.Length} of [{string.Join(", ", shape)}].");
            reader.ReadBytes(length).CopyTo(image.bytes);
            stored.Add(image.to(device).DetachFromDisposeScope());
        }
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var image in stored)
            image.Dispose();
        stored.Clear();
    }
}
