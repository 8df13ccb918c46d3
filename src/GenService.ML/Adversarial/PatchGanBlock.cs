using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>How a <see cref="PatchGanBlock"/> normalises its features.</summary>
public enum PatchGanNormalisation
{
    /// <summary>None: the first layer of every PatchGAN (Isola et al. 2017: no norm on the first C64).</summary>
    None,

    /// <summary>Batch norm, pix2pix's.</summary>
    Batch,

    /// <summary>Instance norm without affine parameters, CycleGAN's (the reference's InstanceNorm2d default).</summary>
    Instance,
}

/// <summary>A PatchGAN layer, the papers' Ck: 4x4 convolution (stride 2, or 1 for the last), normalisation,
/// LeakyReLU with slope 0.2. Shared by the PatchGAN discriminators of pix2pix and CycleGAN.</summary>
public sealed class PatchGanBlock : Module<Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Conv2d convolution;
    private readonly Module<Tensor, Tensor> normalisation;
    private readonly LeakyReLU activation;

    public PatchGanBlock(int inChannels, int outChannels, int stride, PatchGanNormalisation normalisation) : base(nameof(PatchGanBlock))
    {
        // No bias under batch norm: its shift takes the bias's place. Instance norm without affine parameters
        // has no shift, so the convolution keeps its bias, as the reference implementation does.
        convolution = Conv2d(inChannels, outChannels, kernel_size: 4, stride: stride, padding: 1, bias: normalisation != PatchGanNormalisation.Batch);
        this.normalisation = normalisation switch
        {
            PatchGanNormalisation.Batch => BatchNorm2d(outChannels),
            PatchGanNormalisation.Instance => InstanceNorm2d(outChannels),
            _ => Identity(),
        };
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2] (stride 2) or [N, out, S − 1, S − 1] (stride 1)</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
