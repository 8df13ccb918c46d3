using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Dcgan;

/// <summary>
/// G of Radford et al. 2016: z is a 1x1 image with LatentDim channels; transposed convolutions with batch
/// norm and ReLU grow it to 4x4 and double it layer by layer; the last layer has no batch norm and a tanh.
/// </summary>
public sealed class DcganGenerator : Module<Tensor, Tensor>
{
    private readonly GeneratorBlock project;
    private readonly Sequential upsample;
    private readonly ConvTranspose2d toImage;
    private readonly Tanh squash;

    public DcganGenerator(DcganArchitecture architecture) : base(nameof(DcganGenerator))
    {
        if (DcganArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        var resolutions = architecture.HiddenResolutions().ToList();
        project = new GeneratorBlock(architecture.LatentDim, architecture.Channels(DcganArchitecture.BottomSize), stride: 1, padding: 0);
        upsample = Sequential(resolutions.Skip(1).Select(resolution =>
            ($"to{resolution}", (Module<Tensor, Tensor>)new GeneratorBlock(architecture.Channels(resolution / 2), architecture.Channels(resolution)))));
        toImage = ConvTranspose2d(architecture.Channels(resolutions[^1]), architecture.Shape.Channels, kernel_size: 4, stride: 2, padding: 1);
        squash = Tanh();
        RegisterComponents();
    }

    public DcganArchitecture Architecture { get; }

    /// <param name="latents">[N, latent]</param>
    /// <returns>[N, C, S, S] in (−1, 1)</returns>
    public override Tensor forward(Tensor latents)
    {
        var features = latents.view(-1, Architecture.LatentDim, 1, 1);    // [N, latent, 1, 1]
        features = project.forward(features);                             // [N, ch(4), 4, 4]
        features = upsample.forward(features);                            // [N, ch(S/2), S/2, S/2]
        return squash.forward(toImage.forward(features));                 // [N, C, S, S]
    }
}
