using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// G of Isola et al. 2017: an encoder-decoder whose decoder block at each resolution also reads the
/// encoder's features at that resolution (skip connections), so low-level structure such as edge
/// positions passes straight across. No z: the noise is dropout in the decoder (<see cref="DropoutNoise"/>).
/// After the last decoder block a transposed convolution maps to the output channels, then tanh.
/// </summary>
public sealed class UnetGenerator : Module<Tensor, DropoutNoise, Tensor>
{
    private readonly ModuleList<UnetDownBlock> encoder;
    private readonly ModuleList<UnetUpBlock> decoder;
    private readonly ConvTranspose2d toImage;
    private readonly Tanh squash;

    public UnetGenerator(Pix2PixArchitecture architecture) : base(nameof(UnetGenerator))
    {
        if (Pix2PixArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        var levels = architecture.Levels;
        encoder = new ModuleList<UnetDownBlock>([.. Enumerable.Range(1, levels).Select(level => new UnetDownBlock(
            level == 1 ? architecture.InputChannels : architecture.Channels(level - 1),
            architecture.Channels(level),
            normalise: level != 1 && level != levels))]);
        // Block j goes from level L − j to L − j − 1; below the bottleneck it reads its input and the skip.
        decoder = new ModuleList<UnetUpBlock>([.. Enumerable.Range(0, levels - 1).Select(j => new UnetUpBlock(
            (j == 0 ? 1 : 2) * architecture.Channels(levels - j),
            architecture.Channels(levels - j - 1),
            dropout: j < Pix2PixArchitecture.DropoutBlocks))]);
        toImage = ConvTranspose2d(2 * architecture.Channels(1), architecture.Shape.Channels, kernel_size: 4, stride: 2, padding: 1);
        squash = Tanh();
        RegisterComponents();
    }

    public Pix2PixArchitecture Architecture { get; }

    /// <param name="inputs">[N, Ca, S, S] in [−1, 1]</param>
    /// <param name="noise">The N images' dropout masks.</param>
    /// <returns>[N, Cb, S, S] in (−1, 1)</returns>
    public override Tensor forward(Tensor inputs, DropoutNoise noise)
    {
        var skips = new List<Tensor>();                        // skips[k − 1]: level k, [N, ch(k), S/2^k, S/2^k]
        var features = inputs;
        foreach (var down in encoder)
        {
            features = down.forward(features);
            skips.Add(features);
        }
        for (var j = 0; j < decoder.Count; j++)                // from the 1x1 bottleneck up to S/2
        {
            if (j > 0)
                features = cat([features, skips[^(j + 1)]], 1);
            features = decoder[j].forward(features, noise);
        }
        features = cat([features, skips[0]], 1);             // [N, 2 ch(1), S/2, S/2]
        return squash.forward(toImage.forward(features));     // [N, Cb, S, S]
    }
}
