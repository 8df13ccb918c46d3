using GenService.ML.Families.Dcgan;
using GenService.ML.Families.SuperResolution;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// StackGAN's stage II generator (Zhang et al. 2017, section 3.3), at half the depth: stage I's image is encoded down to
/// a quarter of its side, the augmented condition ĉ is replicated over that grid and joined in depth, residual blocks
/// refine the joint features, and upsampling blocks draw the image at twice stage I's side. It takes no z: the
/// randomness is stage I's image.
/// </summary>
public sealed class StageTwoGenerator : Module<Tensor, Tensor, Tensor>
{
    /// <summary>StackGAN uses 4; two keep a CPU step affordable at our 2x (rather than 4x) upscaling.</summary>
    private const int ResidualBlocks = 2;

    private readonly Sequential encode;
    private readonly Sequential joint;
    private readonly Sequential refine;
    private readonly Sequential upsample;
    private readonly Conv2d toImage;
    private readonly Tanh squash;

    public StageTwoGenerator(TextGanArchitecture architecture) : base(nameof(StageTwoGenerator))
    {
        var channels = architecture.Shape.Channels;
        var width = architecture.StageTwoChannels;
        encode = Sequential(
            ("stem", Conv2d(channels, width, kernel_size: 3, padding: 1)),
            ("stem_activation", ReLU()),
            ("half", Conv2d(width, width * 2, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("half_norm", BatchNorm2d(width * 2)),
            ("half_activation", ReLU()),
            ("quarter", Conv2d(width * 2, width * 4, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("quarter_norm", BatchNorm2d(width * 4)),
            ("quarter_activation", ReLU()));
        joint = Sequential(
            ("convolution", Conv2d((width * 4) + architecture.ConditionDim, width * 4, kernel_size: 3, padding: 1, bias: false)),
            ("norm", BatchNorm2d(width * 4)),
            ("activation", ReLU()));
        refine = Sequential(Enumerable.Range(0, ResidualBlocks).Select(i => ($"residual{i}", (Module<Tensor, Tensor>)new ResidualBlock(width * 4))));
        upsample = Sequential(
            ("to_half", new GeneratorBlock(width * 4, width * 2)),
            ("to_stage_one", new GeneratorBlock(width * 2, width)),
            ("to_double", new GeneratorBlock(width, width)));
        toImage = Conv2d(width, channels, kernel_size: 3, padding: 1);
        squash = Tanh();
        RegisterComponents();
    }

    /// <param name="stageOne">[N, C, S, S] stage I's images in [−1, 1].</param>
    /// <param name="conditions">[N, condition] ĉ.</param>
    /// <returns>[N, C, 2S, 2S] in (−1, 1)</returns>
    public override Tensor forward(Tensor stageOne, Tensor conditions)
    {
        var features = encode.forward(stageOne);                                                  // [N, 4w, S/4, S/4]
        var grid = conditions.unsqueeze(-1).unsqueeze(-1).expand(-1, -1, features.shape[2], features.shape[3]);
        features = refine.forward(joint.forward(cat([features, grid], 1)));                       // [N, 4w, S/4, S/4]
        return squash.forward(toImage.forward(upsample.forward(features)));                       // [N, C, 2S, 2S]
    }
}
