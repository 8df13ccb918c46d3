using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// SPADE's generator (Park et al. 2019, figure 4 and appendix A): z is projected to a small feature map, then a ladder
/// of SPADE residual blocks and nearest-neighbour upsamplings grows it to the image, every block reading the label map
/// through its SPADE layers; LeakyReLU, a 3x3 convolution and tanh make the image. With five upsamplings (128 and 256
/// pixels) it is the paper's: head, upsample, two middle blocks, then four times upsample and a block that halves the width.
/// </summary>
public sealed class SpadeGenerator : Module<Tensor, Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Linear project;
    private readonly SpadeResidualBlock head;
    private readonly SpadeResidualBlock middle0;
    private readonly SpadeResidualBlock middle1;
    private readonly ModuleList<SpadeResidualBlock> ups;
    private readonly Conv2d toImage;

    public SpadeGenerator(SpadeArchitecture architecture) : base(nameof(SpadeGenerator))
    {
        if (SpadeArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        var top = architecture.TopMultiplier * architecture.Channels;
        project = Linear(architecture.LatentDimension, top * architecture.StartSide * architecture.StartSide);
        head = new SpadeResidualBlock(top, top, architecture);
        middle0 = new SpadeResidualBlock(top, top, architecture);
        middle1 = new SpadeResidualBlock(top, top, architecture);
        // Block i doubles the side to StartSide · 2^(i + 2) and halves the width: top/2, top/4, ..., nf.
        ups = new ModuleList<SpadeResidualBlock>([.. Enumerable.Range(0, architecture.Upsamplings - 1)
            .Select(i => new SpadeResidualBlock(top >> i, top >> (i + 1), architecture))]);
        toImage = Conv2d(architecture.Channels, architecture.Shape.Channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    public SpadeArchitecture Architecture { get; }

    /// <param name="styles">[N, Z] style codes.</param>
    /// <param name="labels">[N, L, S, S] one-hot label maps (<see cref="OneHotLabels"/>).</param>
    /// <returns>[N, C, S, S] in (−1, 1)</returns>
    public override Tensor forward(Tensor styles, Tensor labels)
    {
        var side = Architecture.StartSide;
        var features = project.forward(styles).view(styles.shape[0], -1, side, side);   // [N, top, s, s]
        features = head.forward(features, labels);
        features = middle1.forward(middle0.forward(Upsample(features), labels), labels); // [N, top, 2s, 2s]
        foreach (var block in ups)
            features = block.forward(Upsample(features), labels);                        // ... [N, nf, S, S]
        return functional.tanh(toImage.forward(functional.leaky_relu(features, NegativeSlope)));
    }

    private static Tensor Upsample(Tensor features) =>
        functional.interpolate(features, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
}
