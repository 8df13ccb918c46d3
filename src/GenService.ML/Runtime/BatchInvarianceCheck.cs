using static TorchSharp.torch;

namespace GenService.ML.Runtime;

/// <summary>
/// Checks, once at start-up, the promise every sampling path builds on (<see cref="Families.FixedShapeBatches"/>):
/// at a fixed batch size, a row's output of a linear layer or convolution is the same bits whatever the
/// other rows are and wherever it stands in the batch.
/// </summary>
/// <remarks>
/// Found on a 2-core AMD EPYC with AVX-512 (libtorch 2.10, MKL 2024.0): with two threads MKL's sgemm
/// splits a batch of 5, 6, 7, 9 or 10 columns between threads and computes the odd ones on another
/// kernel, so in a batch of 7 the first and last image of the same seed differ. MKL's strict conditional
/// numerical reproducibility (MKL_CBWR=AUTO,STRICT, set by <see cref="TorchRuntime"/>) removes that;
/// oneDNN's and ATen's convolutions passed at every size measured. The cases cover the layer kinds of
/// every family: fully connected layers, 3x3 convolutions (strided, few output channels, the 65-channel
/// layer after the minibatch standard deviation), 1x1 convolutions and transposed convolutions.
/// </remarks>
public static class BatchInvarianceCheck
{
    /// <summary>Batch sizes checked: tails of the kernels' blocking (3, 7) and the default micro-batch (8).</summary>
    private static readonly int[] Sizes = [3, 7, 8];

    /// <summary>True when every case keeps a row's bits under a change of position and companions.</summary>
    public static bool Passes()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(0);
        Tensor Weight(params long[] shape) => randn(shape, generator: generator) / MathF.Sqrt(shape.Skip(1).Aggregate(1L, (a, b) => a * b));
        var linear = Weight(256, 128);
        var convolution = Weight(32, 16, 3, 3);
        var few = Weight(3, 64, 3, 3);
        var minibatchDeviation = Weight(64, 65, 3, 3);
        var pointwise = Weight(64, 64, 1, 1);
        var transposed = Weight(64, 32, 4, 4);
        (long[] Row, Func<Tensor, Tensor> Layer)[] cases =
        [
            ([128], x => nn.functional.linear(x, linear)),
            ([16, 16, 16], x => nn.functional.conv2d(x, convolution, padding: [1, 1])),
            ([16, 16, 16], x => nn.functional.conv2d(x, convolution, strides: [2, 2], padding: [1, 1])),
            ([64, 16, 16], x => nn.functional.conv2d(x, few, padding: [1, 1])),
            ([65, 4, 4], x => nn.functional.conv2d(x, minibatchDeviation, padding: [1, 1])),
            ([64, 8, 8], x => nn.functional.conv2d(x, pointwise)),
            ([64, 8, 8], x => nn.functional.conv_transpose2d(x, transposed, strides: [2, 2], padding: [1, 1])),
        ];
        return cases.All(c => Sizes.All(size => KeepsRows(c.Layer, c.Row, size, generator)));
    }

    /// <summary>Whether the first and last rows of a batch come out the same when they swap places
    /// among other companions.</summary>
    internal static bool KeepsRows(Func<Tensor, Tensor> layer, long[] row, int size, Generator generator)
    {
        using var scope = NewDisposeScope();
        var first = randn([size, .. row], generator: generator);
        var second = randn([size, .. row], generator: generator);
        second[size - 1] = first[0];
        second[0] = first[size - 1];
        var (a, b) = (layer(first), layer(second));
        return a[0].equal(b[size - 1]).all().item<bool>() && a[size - 1].equal(b[0]).all().item<bool>();
    }
}
