using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>The scenes of a batch: people are rows, each scene's people one run of consecutive rows.</summary>
public sealed class SceneRanges
{
    private readonly int[] starts;
    private readonly int[] counts;

    public SceneRanges(IReadOnlyList<int> sceneSizes)
    {
        ArgumentNullException.ThrowIfNull(sceneSizes);
        if (sceneSizes.Count == 0 || sceneSizes.Any(size => size < 1))
            throw new ArgumentException("Every scene holds at least one person, and there is at least one scene.", nameof(sceneSizes));
        counts = [.. sceneSizes];
        starts = new int[counts.Length];
        for (var i = 1; i < counts.Length; i++)
            starts[i] = starts[i - 1] + counts[i - 1];
    }

    public int Count => counts.Length;

    public int People => starts[^1] + counts[^1];

    public int Largest => counts.Max();

    public int Start(int scene) => starts[scene];

    public int Size(int scene) => counts[scene];

    /// <summary>The scene of each row.</summary>
    /// <returns>int64 [People].</returns>
    public Tensor SceneOfPerson(Device device) =>
        tensor(counts.SelectMany((count, scene) => Enumerable.Repeat((long)scene, count)).ToArray(), device: device);

    /// <summary>The same scenes <paramref name="times"/> over, one copy after another.</summary>
    public SceneRanges Repeated(int times) => new([.. Enumerable.Repeat(counts, times).SelectMany(c => c)]);

    /// <summary>Indices that lay the rows out as [Count, Largest] (padding repeats a scene's first row), which of those are
    /// real, and where each real row sits in that layout.</summary>
    public (Tensor Padded, Tensor Valid, Tensor Unpadded) Padding(Device device)
    {
        var width = Largest;
        var padded = new long[Count * width];
        var valid = new bool[Count * width];
        var unpadded = new long[People];
        for (var scene = 0; scene < Count; scene++)
        {
            for (var slot = 0; slot < width; slot++)
            {
                var real = slot < counts[scene];
                padded[(scene * width) + slot] = starts[scene] + (real ? slot : 0);
                valid[(scene * width) + slot] = real;
                if (real)
                    unpadded[starts[scene] + slot] = (scene * width) + slot;
            }
        }
        return (tensor(padded, device: device), tensor(valid, device: device).view(Count, width), tensor(unpadded, device: device));
    }
}
