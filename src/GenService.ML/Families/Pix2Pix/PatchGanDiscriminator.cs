using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// D of Isola et al. 2017, the conditional PatchGAN: it sees the input and a candidate output side by side
/// (concatenated channels) and scores every overlapping patch real or fake, one logit each; the loss
/// averages them. With 3 stride-2 layers (C64-C128-C256, then C512 at stride 1 and a 1-channel
/// convolution) a score sees 70x70 pixels. Judging patches models only high frequencies; the L1 term
/// takes care of the low ones.
/// </summary>
public sealed class PatchGanDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Conv2d score;

    public PatchGanDiscriminator(Pix2PixArchitecture architecture) : base(nameof(PatchGanDiscriminator))
    {
        if (Pix2PixArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        var layers = architecture.DiscriminatorLayers;
        int Width(int layer) => architecture.Channels(layer + 1);    // 64, 128, 256, 512, 512, ...
        var blocks = new List<(string, Module<Tensor, Tensor>)>
        {
            ("from_pair", new PatchGanBlock(architecture.InputChannels + architecture.Shape.Channels, Width(0), stride: 2, PatchGanNormalisation.None)),
        };
        for (var layer = 1; layer < layers; layer++)
            blocks.Add(($"down{layer}", new PatchGanBlock(Width(layer - 1), Width(layer), stride: 2, PatchGanNormalisation.Batch)));
        blocks.Add(("last", new PatchGanBlock(Width(layers - 1), Width(layers), stride: 1, PatchGanNormalisation.Batch)));
        features = Sequential(blocks);
        score = Conv2d(Width(layers), 1, kernel_size: 4, stride: 1, padding: 1);
        RegisterComponents();
    }

    /// <param name="inputs">[N, Ca, S, S] in [−1, 1]</param>
    /// <param name="outputs">[N, Cb, S, S] in [−1, 1], real or generated</param>
    /// <returns>[N, 1, P, P] logits, one per patch (P = S / 2^layers − 2)</returns>
    public override Tensor forward(Tensor inputs, Tensor outputs) =>
        score.forward(features.forward(cat([inputs, outputs], 1)));
}
