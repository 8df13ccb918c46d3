using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Renders images from label maps (semantic image synthesis, SPADE): each pixel's class says what to draw
/// there, a style image or a seed says how. Output i depends only on maps[i], styles[i] (if any) and seeds[i].</summary>
public interface ILabelMapRenderer
{
    /// <param name="maps">[N, H, W] int64 on the CPU, H and W the model's: the indices of the classes the model was
    /// trained on, or the "don't care" index of its dataset.</param>
    /// <param name="styles">[N, C, H, W] float32 in [0, 1] of the model's shape whose style to take; null to draw a
    /// random style from each seed.</param>
    /// <param name="seeds">One per map: draws the style, or the spread around a style image's.</param>
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Render(torch.Tensor maps, torch.Tensor? styles, IReadOnlyList<long> seeds);
}
