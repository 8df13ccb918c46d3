using TorchSharp;

namespace GenService.ML.Families;

/// <summary>A trained model loaded on one device for inference. It implements the capability interfaces
/// (<see cref="ISampler"/>, <see cref="IReconstructor"/>, ...) of the capabilities its family declares
/// (<see cref="IModelFamily.Capabilities"/>).</summary>
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

/// <summary>
/// A style-based generator (StyleGAN): a mapping network turns z into w, and every synthesis layer takes
/// its own copy of w (a "style") and its own noise. Images here are deterministic: the per-layer noise of an
/// image is drawn from its seed, so Sample and VaryNoise with the image's own seed agree.
/// </summary>
public interface IStyleGenerator
{
    /// <summary>For each style the synthesis network takes, coarsest first, the side in pixels of the
    /// layer it modulates (e.g. 4, 4, 8, 8, 16, 16, 32, 32): how a client picks coarse (4-8 px: pose,
    /// shape), middle (16-32 px: features) or fine (64 px and up: colour, texture) styles to mix, as
    /// Karras et al. 2019 group them.</summary>
    IReadOnlyList<int> StyleResolutions { get; }

    /// <summary>How many styles the synthesis network takes.</summary>
    int StyleCount => StyleResolutions.Count;

    /// <summary>The truncation trick: w' = w̄ + ψ(w − w̄), w̄ the average w seen in training. ψ = 1 leaves w
    /// as it is; smaller ψ trades variety for typical, cleaner images; ψ = 0 gives the average image.</summary>
    /// <returns>[N, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor Sample(IReadOnlyList<long> seeds, double truncation);

    /// <summary>Style mixing: image [r · columns + c] takes its styles from rowSeeds[r], except styles
    /// <paramref name="firstStyle"/> to <paramref name="lastStyle"/> (inclusive), taken from columnSeeds[c].
    /// Its noise is that of rowSeeds[r].</summary>
    /// <returns>[rows · columns, C, H, W] float32 on the CPU, values in [0, 1], row by row.</returns>
    torch.Tensor MixStyles(IReadOnlyList<long> rowSeeds, IReadOnlyList<long> columnSeeds, int firstStyle, int lastStyle, double truncation);

    /// <summary>The styles of <paramref name="seed"/> with the per-layer noise of each noise seed: what
    /// the noise inputs alone change (hair, fur, texture), with the image's content held fixed.</summary>
    /// <returns>[noiseSeeds, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor VaryNoise(long seed, IReadOnlyList<long> noiseSeeds, double truncation);

    /// <summary>A walk between the (truncated) w of two seeds instead of their z. The noise is the first
    /// seed's throughout, so only the styles change: the first frame is that seed's image, the last has
    /// the second seed's styles.</summary>
    /// <returns>[steps, C, H, W] float32 on the CPU, values in [0, 1].</returns>
    torch.Tensor InterpolateStyles(long fromSeed, long toSeed, int steps, InterpolationPath path, double truncation);
}
