using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Paired images for image-to-image translation: input A [N, Ca, H, W] and target B [N, Cb, H, W], both
/// uint8 on the CPU, pair i being (A[i], B[i]). Derived from a plain dataset (<see cref="DerivedPairs"/>)
/// or read from stored pairs (<see cref="PairFile"/>); either way the trainer sees only this.
/// </summary>
public sealed class ImagePairs : IDisposable
{
    /// <param name="inputs">A: uint8 [N, Ca, H, W]; taken over, the pairs dispose it.</param>
    /// <param name="targets">B: uint8 [N, Cb, H, W] of the same N, H and W; taken over.</param>
    public ImagePairs(Tensor inputs, Tensor targets)
    {
        if (inputs.dtype != ScalarType.Byte || inputs.dim() != 4 || targets.dtype != ScalarType.Byte || targets.dim() != 4)
            throw new ArgumentException("Inputs and targets must be uint8 tensors [N, C, H, W].", nameof(inputs));
        if (inputs.shape[0] != targets.shape[0] || inputs.shape[2] != targets.shape[2] || inputs.shape[3] != targets.shape[3])
            throw new ArgumentException(
                $"Inputs [{string.Join(", ", inputs.shape)}] and targets [{string.Join(", ", targets.shape)}] must have the same count, height and width.",
                nameof(targets));
        Inputs = inputs;
        Targets = targets;
    }

    public Tensor Inputs { get; }

    public Tensor Targets { get; }

    public long Count => Inputs.shape[0];

    public ImageShape InputShape => ShapeOf(Inputs);

    public ImageShape TargetShape => ShapeOf(Targets);

    /// <summary>The pairs at <paramref name="indices"/> as float images in [0, 1] on the given device.</summary>
    /// <returns>A [B, Ca, H, W] and B [B, Cb, H, W].</returns>
    public (Tensor Inputs, Tensor Targets) Batch(Tensor indices, Device device) =>
        (AsUnitFloat(Inputs, indices, device), AsUnitFloat(Targets, indices, device));

    /// <summary>The pairs at <paramref name="indices"/>, copied, in that order.</summary>
    public ImagePairs Select(Tensor indices) => new(Inputs.index_select(0, indices), Targets.index_select(0, indices));

    /// <summary>Both sides resized to <paramref name="size"/> x <paramref name="size"/> as <see cref="DatasetTensors.ResizedTo"/> resizes images.</summary>
    /// <returns>New pairs; copies when they already have that size.</returns>
    public ImagePairs ResizedTo(int size)
    {
        var atSize = Inputs.shape[2] == size && Inputs.shape[3] == size;
        var inputs = atSize ? Inputs.clone() : DatasetTensors.Resize(Inputs, size);
        try
        {
            return new ImagePairs(inputs, atSize ? Targets.clone() : DatasetTensors.Resize(Targets, size));
        }
        catch
        {
            inputs.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }

    private static Tensor AsUnitFloat(Tensor images, Tensor indices, Device device)
    {
        using var scope = NewDisposeScope();
        return images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(255f).MoveToOuterDisposeScope();
    }

    private static ImageShape ShapeOf(Tensor images) => new((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
}
