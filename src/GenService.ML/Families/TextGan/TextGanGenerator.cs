using GenService.ML.Families.Dcgan;
using GenService.ML.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>What a drawn batch of images came from: the images, and the conditioning augmentation's μ and log σ² of the stage that drew them.</summary>
public sealed record DrawnImages(Tensor Images, Tensor Mean, Tensor LogVariance);

/// <summary>
/// Everything that draws an image from text, and all that an exported model holds: the text encoder, and per stage its
/// conditioning augmentation and generator. Stage I is G₀(z, ĉ₀); stage II is G(G₀(z, μ₀), ĉ), each stage's condition
/// drawn from the same text embedding by its own augmentation. Stage II refines the image stage I draws from its mean
/// μ₀, in training too, since that is the image a model's stage I gives it.
/// </summary>
public sealed class TextGanGenerator : Module
{
    private readonly TextEncoder text;
    private readonly ConditioningAugmentation stageOneConditions;
    private readonly DcganGenerator stageOne;
    private readonly ConditioningAugmentation stageTwoConditions;
    private readonly StageTwoGenerator stageTwo;

    public TextGanGenerator(TextGanArchitecture architecture) : base(nameof(TextGanGenerator))
    {
        Architecture = architecture;
        text = new TextEncoder(architecture.VocabularySize, architecture.TokenDim, architecture.HiddenDim, architecture.TextDim);
        stageOneConditions = new ConditioningAugmentation(architecture.TextDim, architecture.ConditionDim);
        stageOne = new DcganGenerator(architecture.StageOneGenerator);
        stageTwoConditions = new ConditioningAugmentation(architecture.TextDim, architecture.ConditionDim);
        stageTwo = new StageTwoGenerator(architecture);
        RegisterComponents();
    }

    public TextGanArchitecture Architecture { get; }

    /// <summary>Width of the noise a drawn image takes: z, then stage I's ε, then stage II's ε.</summary>
    public int NoiseDim => Architecture.LatentDim + (2 * Architecture.ConditionDim);

    public TextEncoder Text => text;

    /// <summary>The text encoder's parameters: what the joint embedding objective trains.</summary>
    public IEnumerable<Parameter> TextParameters => text.parameters();

    /// <summary>The parameters a stage's adversarial training moves: its augmentation's and its generator's.</summary>
    public IEnumerable<Parameter> StageParameters(TextToImageStage stage) => stage == TextToImageStage.I
        ? stageOneConditions.parameters().Concat(stageOne.parameters())
        : stageTwoConditions.parameters().Concat(stageTwo.parameters());

    /// <summary>Batch norm of the stage being trained gathers statistics; everything else runs as in inference, so stage II
    /// trains on the stage I images a loaded model draws.</summary>
    public void TrainStage(TextToImageStage stage)
    {
        eval();
        if (stage == TextToImageStage.I)
        {
            stageOneConditions.train();
            stageOne.train();
        }
        else
        {
            stageTwoConditions.train();
            stageTwo.train();
        }
    }

    /// <param name="embeddings">[N, text] φ(t).</param>
    /// <param name="noise">[N, <see cref="NoiseDim"/>]; <see cref="ConditionDraw.Mean"/> ignores its ε parts (ĉ = μ + σ ⊙ 0)
    /// but keeps the layout, so a seed's z is the same either way.</param>
    /// <returns>Images [N, C, S, S] in (−1, 1) of the stage's shape, with that stage's μ and log σ². Stage II's input, stage I's
    /// image, is drawn from μ₀ whatever <paramref name="conditionDraw"/> says (stage I's ε is unused), and without gradients:
    /// stage II trains with stage I fixed, as StackGAN does. Fed sampled stage I images, as StackGAN feeds them, stage II
    /// learnt from images that show the class less often than a model's and drew the class less often itself (issue 16,
    /// tests/GenService.Benchmarks/README.md).</returns>
    public DrawnImages Draw(TextToImageStage stage, Tensor embeddings, Tensor noise, ConditionDraw conditionDraw)
    {
        var latentDim = Architecture.LatentDim;
        var conditionDim = Architecture.ConditionDim;
        var z = noise.narrow(1, 0, latentDim);
        var (stageOneSample, stageOneMean, stageOneLogVariance) = stageOneConditions.forward(embeddings, noise.narrow(1, latentDim, conditionDim));
        if (stage == TextToImageStage.I)
            return new DrawnImages(stageOne.forward(cat([z, conditionDraw == ConditionDraw.Mean ? stageOneMean : stageOneSample], 1)), stageOneMean, stageOneLogVariance);
        Tensor low;
        using (no_grad())
            low = stageOne.forward(cat([z, stageOneMean], 1));
        var (sample, mean, logVariance) = stageTwoConditions.forward(embeddings, noise.narrow(1, latentDim + conditionDim, conditionDim));
        return new DrawnImages(stageTwo.forward(low, conditionDraw == ConditionDraw.Mean ? mean : sample), mean, logVariance);
    }
}
