using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>One photo of a <see cref="PhotoSet"/>: its pixels at its own size and whether it is held out.</summary>
/// <param name="Name">Where it came from (a file name), for people reading the manifest.</param>
/// <param name="Pixels">uint8 [C, H, W] on the CPU; the set that holds the photo disposes it.</param>
/// <param name="HeldOut">Kept out of training, for evaluation.</param>
public sealed record Photo(string Name, Tensor Pixels, bool HeldOut)
{
    public int Height => (int)Pixels.shape[1];

    public int Width => (int)Pixels.shape[2];
}
