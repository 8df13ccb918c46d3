using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>Paired images in memory: item i of <see cref="A"/> translates to item i of <see cref="B"/>.</summary>
/// <param name="A">uint8 [N, Ca, H, W] on the CPU: the input side.</param>
/// <param name="B">uint8 [N, Cb, H, W] on the CPU: the target side.</param>
/// <param name="Splits">Which pairs came from the archive's train/, val/ and test/ folders; null when it had none.</param>
public sealed record PairTensors(Tensor A, Tensor B, IReadOnlyList<PairSplit>? Splits = null) : IDisposable
{
    public long Count => A.shape[0];

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
