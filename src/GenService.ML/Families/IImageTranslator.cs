using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Translates an input image into an output image (pix2pix: edges to photo, grayscale to colour).
/// Output i depends only on inputs[i] and seeds[i]: the seed drives the model's noise, if it has any.</summary>
public interface IImageTranslator
{
    /// <summary>Shape of the images the model reads; <see cref="IGenerativeModel.OutputShape"/> is the one it writes.</summary>
    ImageShape InputShape { get; }

    /// <param name="inputs">[N, Ca, H, W] float32 on the CPU, values in [0, 1], of <see cref="InputShape"/>.</param>
    /// <param name="seeds">One per input.</param>
    /// <returns>[N, Cb, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Translate(torch.Tensor inputs, IReadOnlyList<long> seeds);
}
