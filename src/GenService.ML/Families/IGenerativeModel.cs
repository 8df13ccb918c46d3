using TorchSharp;

namespace GenService.ML.Families;

/// <summary>A trained model loaded on one device for inference. What it can do is told by the
/// capability interfaces it implements (<see cref="ISampler"/>, <see cref="IReconstructor"/>, ...).</summary>
public interface IGenerativeModel : IDisposable
{
    string Architecture { get; }

    /// <summary>Shape of the images the model produces.</summary>
    ImageShape OutputShape { get; }

    torch.Device Device { get; }

    /// <summary>Device memory its weights take (numel × element size of every parameter and buffer),
    /// so a server can keep several models warm under a memory budget.</summary>
    long ParameterBytes { get; }
}

/// <summary>Draws images from the model's prior. Image i depends only on seeds[i]: every seed has
/// its own generator, so an image is the same whatever batch it was drawn in.</summary>
public interface ISampler
{
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Sample(IReadOnlyList<long> seeds);
}

/// <summary>Encodes images and decodes them again (a VAE's reconstruction).</summary>
public interface IReconstructor
{
    /// <param name="images">[N, C, H, W] float32 in [0, 1] of the model's shape.</param>
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Reconstruct(torch.Tensor images);
}

/// <summary>Walks the latent space between the latents of two seeds.</summary>
public interface ILatentInterpolator
{
    /// <returns>[steps, C, H, W] float32 on the CPU, values in [0, 1]; first and last are the two seeds' samples.</returns>
    torch.Tensor Interpolate(long fromSeed, long toSeed, int steps, InterpolationPath path);
}
