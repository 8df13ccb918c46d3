using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>One pass of the VAE over a batch: q(z|x), the sampled z and p(x|z).</summary>
public sealed record VaePass(
    Tensor PosteriorMean,
    Tensor PosteriorLogVariance,
    Tensor Latents,
    Tensor DecodedMean,
    Tensor DecodedLogVariance);

/// <summary>Encoder and decoder of a convolutional VAE (Kingma and Welling, 2014).</summary>
public sealed class VaeNetwork : Module<Tensor, Tensor, VaePass>
{
    private readonly VaeEncoder encoder;
    private readonly VaeDecoder decoder;

    public VaeNetwork(VaeArchitecture architecture) : base(nameof(VaeNetwork))
    {
        if (VaeArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        encoder = new VaeEncoder(architecture);
        decoder = new VaeDecoder(architecture);
        RegisterComponents();
    }

    public VaeArchitecture Architecture { get; }

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>Mean and log-variance of q(z|x), each [N, latent].</returns>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor images) => encoder.forward(images);

    /// <summary>z = mean + σ·ε: the sample is a differentiable function of the encoder's outputs.</summary>
    /// <param name="noise">ε ~ N(0, I), [N, latent]; the caller draws it so that it owns the randomness.</param>
    /// <returns>[N, latent]</returns>
    public static Tensor Reparameterise(Tensor mean, Tensor logVariance, Tensor noise) =>
        mean + (0.5 * logVariance).exp() * noise;

    /// <param name="latents">[N, latent]</param>
    /// <returns>Mean and log-variance of p(x|z), each [N, C, H, W].</returns>
    public (Tensor Mean, Tensor LogVariance) Decode(Tensor latents) => decoder.forward(latents);

    /// <summary>Sets the shared decoder variance (<see cref="DecoderVariance.Shared"/> only).</summary>
    /// <param name="logVariance">One value, e.g. <see cref="ElboLoss.OptimalSharedLogVariance"/> of a training batch.</param>
    public void CalibrateDecoder(Tensor logVariance) => decoder.Calibrate(logVariance);

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <param name="noise">ε ~ N(0, I), [N, latent]</param>
    public override VaePass forward(Tensor images, Tensor noise)
    {
        var (posteriorMean, posteriorLogVariance) = Encode(images);
        var latents = Reparameterise(posteriorMean, posteriorLogVariance, noise);
        var (decodedMean, decodedLogVariance) = Decode(latents);
        return new VaePass(posteriorMean, posteriorLogVariance, latents, decodedMean, decodedLogVariance);
    }

    /// <summary>PyTorch's default layer initialisation from the run's generator (<see cref="DefaultInitialisation"/>).</summary>
    public void ResetParameters(Generator generator) => DefaultInitialisation.Apply(this, generator);
}
