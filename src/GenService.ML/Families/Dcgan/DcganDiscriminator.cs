using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Dcgan;

/// <summary>
/// D of Radford et al. 2016, mirroring G: strided convolutions halve the image down to 4x4, and a 4x4
/// convolution gives one score per image. The first layer has no normalisation (the paper found that
/// normalising D's input and G's output layer made training oscillate). The score is a logit for the
/// classic objectives and the critic's value f(x) for the Wasserstein ones; no sigmoid either way.
/// </summary>
public sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Conv2d stem;
    private readonly LeakyReLU stemActivation;
    private readonly Sequential downsample;
    private readonly Conv2d score;

    public DcganDiscriminator(DcganArchitecture architecture) : base(nameof(DcganDiscriminator))
    {
        if (DcganArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        var resolutions = architecture.HiddenResolutions().Reverse().ToList();    // S/2, ..., 4
        stem = Conv2d(architecture.Shape.Channels, architecture.Channels(resolutions[0]), kernel_size: 4, stride: 2, padding: 1);
        stemActivation = LeakyReLU(NegativeSlope);
        downsample = Sequential(resolutions.Skip(1).Select(resolution =>
            ($"to{resolution}", (Module<Tensor, Tensor>)new DiscriminatorBlock(
                architecture.Channels(resolution * 2), architecture.Channels(resolution), architecture.Normalisation))));
        score = Conv2d(architecture.Channels(DcganArchitecture.BottomSize), 1, kernel_size: DcganArchitecture.BottomSize);
        RegisterComponents();
    }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <returns>[N] scores</returns>
    public override Tensor forward(Tensor images)
    {
        var features = stemActivation.forward(stem.forward(images));   // [N, ch(S/2), S/2, S/2]
        features = downsample.forward(features);                       // [N, ch(4), 4, 4]
        return score.forward(features).flatten();                     // [N]
    }
}
