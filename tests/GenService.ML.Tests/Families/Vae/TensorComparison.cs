using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

/// <summary>Tensor comparisons for assertions (TorchSharp's Tensor.equal is the element-wise eq, not torch.equal).</summary>
public static class TensorComparison
{
    /// <summary>
    /// The CPU kernels block a matrix product differently for different batch sizes, so one image
    /// decoded alone and in a batch differs by about one float32 ulp (6e-8 measured), far below the
    /// 1/255 step of an 8-bit pixel.
    /// </summary>
    public const double BatchTolerance = 1e-6;

    public static bool Close(Tensor a, Tensor b, double tolerance = BatchTolerance) =>
        a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: tolerance);

    public static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
