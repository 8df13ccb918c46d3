using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// The image side of the joint embedding the text encoder is trained in: the DCGAN trunk, averaged over its 4x4 grid and
/// projected to the text embedding's width. Reed et al. take fixed GoogLeNet features; this service has no pretrained
/// image network for every dataset, so these features are learnt alongside the text encoder. Fixed after that phase,
/// it scores G's drawings against their captions (<see cref="TextGanHyperparameters.MatchingWeight"/>) and gives the
/// evaluation's retrieval score; drawing from a prompt never uses it.
/// </summary>
public sealed class ImageEncoder : Module<Tensor, Tensor>
{
    private readonly DownsamplingTrunk trunk;
    private readonly Linear project;

    public ImageEncoder(ImageShape shape, int baseChannels, int embeddingDim) : base(nameof(ImageEncoder))
    {
        trunk = new DownsamplingTrunk(shape.Channels, shape.Height, baseChannels);
        project = Linear(trunk.OutputChannels, embeddingDim);
        RegisterComponents();
    }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <returns>[N, embedding]</returns>
    public override Tensor forward(Tensor images) => project.forward(trunk.forward(images).mean([2, 3]));
}
