using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families;

/// <summary>
/// The promise every family keeps, as the service keeps it: sampled through <see cref="FixedShapeBatches"/>
/// at the engine's micro-batch, an image is the same bytes alone and among other seeds at any position.
/// Each family's model tests call it, and so should every family added.
/// </summary>
public static class SameBytesInAnyBatch
{
    /// <summary>The inference engine's default micro-batch (Inference:MicroBatchSize).</summary>
    public const int MicroBatch = 8;

    private static readonly long[] Seeds = [11, 5, 23, 7, 9, 1000, 3];

    public static void Assert(ISampler sampler)
    {
        using var scope = NewDisposeScope();
        var batch = Quantise(FixedShapeBatches.Sample(sampler, Seeds, MicroBatch));
        var reversed = Quantise(FixedShapeBatches.Sample(sampler, [.. Seeds.Reverse()], MicroBatch));

        for (var i = 0; i < Seeds.Length; i++)
        {
            var alone = Quantise(FixedShapeBatches.Sample(sampler, [Seeds[i]], MicroBatch))[0];
            Xunit.Assert.True(Vae.TensorComparison.Identical(alone, batch[i]), $"seed {Seeds[i]} alone and at position {i} of 7");
            Xunit.Assert.True(Vae.TensorComparison.Identical(alone, reversed[Seeds.Length - 1 - i]), $"seed {Seeds[i]} alone and at position {Seeds.Length - 1 - i} of 7");
        }
        Xunit.Assert.False(Vae.TensorComparison.Identical(batch[0], batch[1]));
    }

    /// <summary>As a PNG stores an image.</summary>
    private static Tensor Quantise(Tensor images) => images.mul(255).round().to_type(ScalarType.Byte);
}
