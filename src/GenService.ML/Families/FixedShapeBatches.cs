using static TorchSharp.torch;

namespace GenService.ML.Families;

/// <summary>
/// Runs per-image work in forward passes of one fixed batch size, the last pass padded by repeating its
/// last item: the only way to make an image the same bytes alone and in any batch on every backend.
/// </summary>
/// <remarks>
/// Kernels choose their algorithm by batch size. Measured on a 2-core AMD EPYC with AVX-512 (libtorch
/// 2.10): MKL's sgemm computes a lone row on another path than rows of a batch (every linear layer), and
/// ATen sends a lone small image to its own im2col convolution but a batch to oneDNN; either moves the
/// last bits, and now and then an 8-bit pixel. cuBLAS and cuDNN pick algorithms by shape too. At one
/// fixed shape an image depends only on its own inputs, whatever its companions and position, once MKL
/// runs in its strict reproducible mode (see <see cref="Runtime.BatchInvarianceCheck"/>).
/// </remarks>
public static class FixedShapeBatches
{
    /// <summary>The items followed by copies of the last one, up to <paramref name="size"/>.</summary>
    public static List<T> Padded<T>(IReadOnlyList<T> items, int size)
    {
        if (items.Count is 0 || items.Count > size)
            throw new ArgumentException($"A pass takes 1 to {size} items, not {items.Count}.", nameof(items));
        var padded = new List<T>(size);
        padded.AddRange(items);
        while (padded.Count < size)
            padded.Add(items[^1]);
        return padded;
    }

    /// <summary>The sampler's images of these seeds, drawn <paramref name="size"/> at a time.</summary>
    /// <returns>[seeds, C, H, W] as <see cref="ISampler.Sample"/> returns them.</returns>
    public static Tensor Sample(ISampler sampler, IReadOnlyList<long> seeds, int size) =>
        Map(seeds.Count, size, rows => sampler.Sample([.. rows.Select(row => seeds[row])]));

    /// <summary>The translator's outputs of these inputs and seeds, <paramref name="size"/> at a time.</summary>
    /// <param name="inputs">[N, Ca, H, W] as <see cref="IImageTranslator.Translate"/> takes them, N = seeds.</param>
    public static Tensor Translate(IImageTranslator translator, Tensor inputs, IReadOnlyList<long> seeds, int size) =>
        Map(seeds.Count, size, rows => translator.Translate(
            inputs.index_select(0, tensor(rows.Select(row => (long)row).ToArray())), [.. rows.Select(row => seeds[row])]));

    /// <summary>Rows [N, ...] through <paramref name="forward"/>, <paramref name="size"/> at a time.</summary>
    public static Tensor Map(Tensor rows, int size, Func<Tensor, Tensor> forward) =>
        Map((int)rows.shape[0], size, indices => forward(rows.index_select(0, tensor(indices.Select(i => (long)i).ToArray()))));

    /// <param name="count">Items to compute.</param>
    /// <param name="forward">Computes one pass from the indices of its items (always <paramref name="size"/> of them).</param>
    /// <returns>The passes' first rows, [count, ...], in item order.</returns>
    private static Tensor Map(int count, int size, Func<IReadOnlyList<int>, Tensor> forward)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (count == 0)
            return forward([]);
        using var scope = NewDisposeScope();
        var passes = new List<Tensor>();
        for (var start = 0; start < count; start += size)
        {
            var length = Math.Min(size, count - start);
            passes.Add(forward(Padded(Enumerable.Range(start, length).ToList(), size)).narrow(0, 0, length));
        }
        return cat(passes, 0).MoveToOuterDisposeScope();
    }
}
