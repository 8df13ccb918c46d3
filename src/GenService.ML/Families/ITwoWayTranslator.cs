using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Translates between two domains both ways (CycleGAN), and round trips, which show how well an image survives
/// the cycle. Output i depends only on inputs[i].</summary>
public interface ITwoWayTranslator
{
    /// <param name="inputs">[N, C, H, W] float32 on the CPU, values in [0, 1], of <see cref="IImageTranslator.InputShape"/>.</param>
    /// <param name="roundTrip">False: the translation into the other domain. True: that translation translated back
    /// (A → B → A for <see cref="TranslationDirection.AToB"/>).</param>
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Translate(torch.Tensor inputs, TranslationDirection direction, bool roundTrip);
}
