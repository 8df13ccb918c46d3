using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// D of Zhu et al. 2017: an unconditional PatchGAN with instance norm (C64-C128-C256 at stride 2, C512 at stride 1,
/// then a 1-channel convolution), scoring every 70x70 patch of one domain's image real or fake. Its scores are
/// least-squares targets, not logits (<see cref="CycleGanLoss"/>).
/// </summary>
public sealed class CycleGanDiscriminator : Module<Tensor, Tensor>
{
    private const int MaximumChannelMultiplier = 8;

    private readonly Sequential features;
    private readonly Conv2d score;

    public CycleGanDiscriminator(CycleGanArchitecture architecture) : base(nameof(CycleGanDiscriminator))
    {
        var layers = architecture.DiscriminatorLayers;
        int Width(int layer) => architecture.BaseChannels * Math.Min(1 << layer, MaximumChannelMultiplier);
        var blocks = new List<(string, Module<Tensor, Tensor>)>
        {
            ("from_image", new PatchGanBlock(architecture.Shape.Channels, Width(0), stride: 2, PatchGanNormalisation.None)),
        };
        for (var layer = 1; layer < layers; layer++)
            blocks.Add(($"down{layer}", new PatchGanBlock(Width(layer - 1), Width(layer), stride: 2, PatchGanNormalisation.Instance)));
        blocks.Add(("last", new PatchGanBlock(Width(layers - 1), Width(layers), stride: 1, PatchGanNormalisation.Instance)));
        features = Sequential(blocks);
        score = Conv2d(Width(layers), 1, kernel_size: 4, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <param name="images">[N, C, S, S] in [−1, 1], real or translated</param>
    /// <returns>[N, 1, P, P] scores, one per patch (P = S / 2^layers − 2)</returns>
    public override Tensor forward(Tensor images) => score.forward(features.forward(images));
}
