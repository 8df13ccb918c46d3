using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Upscales images by a fixed factor (single-image super-resolution: SRResNet, SRGAN).</summary>
public interface ISuperResolver
{
    /// <summary>The factor by which height and width grow: 2 or 4.</summary>
    int Scale { get; }

    /// <param name="images">[N, C, h, w] float32 in [0, 1] on the CPU, C the model's channels, any h and w:
    /// large images are processed in overlapping tiles, so memory stays bounded.</param>
    /// <returns>[N, C, h · Scale, w · Scale] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor SuperResolve(torch.Tensor images);
}
