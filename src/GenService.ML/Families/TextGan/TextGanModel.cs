using GenService.ML.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// A trained text GAN for inference: the vocabulary and text encoder read the prompt, the stages draw. An image's noise
/// (z and each stage's ε) comes from its seed's own generator, the text encoder reads every prompt padded to the token
/// limit (one shape whatever the batch's prompts), and batch norm uses the statistics gathered in training: the same
/// prompt and seed give the same bytes in any batch of one size, as the inference engine draws them
/// (<see cref="FixedShapeBatches"/>). Across batch sizes the CPU kernels may move the last bit.
/// </summary>
public sealed class TextGanModel : IGenerativeModel, ITextToImageGenerator
{
    private readonly TextGanGenerator generator;
    private readonly ImageEncoder? imageEncoder;
    private readonly ConditionDraw conditionDraw;

    /// <param name="generator">Taken over: the model disposes it.</param>
    /// <param name="imageEncoder">The joint embedding's image side, taken over; null for models stored before it was kept.</param>
    /// <param name="conditionDraw">Fixed for the model's life, as workers share it; <see cref="ConditionDraw.Sampled"/> only
    /// for comparing against how training draws.</param>
    public TextGanModel(CaptionVocabulary vocabulary, TextGanGenerator generator, ImageEncoder? imageEncoder, Device device,
        ConditionDraw conditionDraw = ConditionDraw.Mean)
    {
        Vocabulary = vocabulary;
        this.generator = generator;
        this.imageEncoder = imageEncoder;
        Device = device;
        this.conditionDraw = conditionDraw;
        generator.to(device);
        generator.eval();
        imageEncoder?.to(device);
        imageEncoder?.eval();
    }

    public CaptionVocabulary Vocabulary { get; }

    public string Architecture => TextGanFamily.ArchitectureName;

    public ImageShape OutputShape => generator.Architecture.StageTwoShape;

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes();

    public ImageShape StageShape(TextToImageStage stage) => generator.Architecture.StageShape(stage);

    public Tensor Generate(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds, TextToImageStage stage)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(seeds);
        if (prompts.Count != seeds.Count)
            throw new ArgumentException($"{prompts.Count} prompts need as many seeds, not {seeds.Count}.", nameof(seeds));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (prompts.Count == 0)
            return zeros(StageShape(stage).AsBatch(0)).MoveToOuterDisposeScope();
        var embeddings = generator.Text.forward(Vocabulary.Batch(prompts, PromptTokenizer.MaxTokens).to(Device));
        return Draw(stage, embeddings, Noise(seeds, generator.NoiseDim)).MoveToOuterDisposeScope();
    }

    public Tensor Interpolate(string fromPrompt, string toPrompt, long seed, int steps, TextToImageStage stage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ends = generator.Text.forward(Vocabulary.Batch([fromPrompt, toPrompt], PromptTokenizer.MaxTokens).to(Device));        // [2, text]
        var weights = linspace(0, 1, steps, device: Device).unsqueeze(1);                               // [steps, 1]
        var embeddings = (ends[0].unsqueeze(0) * (1 - weights)) + (ends[1].unsqueeze(0) * weights);     // [steps, text]
        var noise = Noise([seed], generator.NoiseDim).expand(steps, -1);
        return Draw(stage, embeddings, noise).MoveToOuterDisposeScope();
    }

    public (Tensor Images, Tensor Texts)? Embed(Tensor images, IReadOnlyList<string> prompts)
    {
        if (imageEncoder is null)
            return null;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var signed = (images.to(Device).to_type(ScalarType.Float32) / 255 * 2) - 1;
        var embeddedImages = imageEncoder.forward(signed).cpu().MoveToOuterDisposeScope();
        var texts = generator.Text.forward(Vocabulary.Batch(prompts, PromptTokenizer.MaxTokens).to(Device)).cpu().MoveToOuterDisposeScope();
        return (embeddedImages, texts);
    }

    public void Dispose()
    {
        generator.Dispose();
        imageEncoder?.Dispose();
    }

    /// <summary>Each seed's noise from its own generator: z, then stage I's ε, then stage II's.</summary>
    /// <returns>[seeds, width] float32 on the CPU.</returns>
    public static Tensor Noise(IReadOnlyList<long> seeds, int width) => SeededNoise.Latents(seeds, width);

    /// <summary>G's tanh output mapped to pixel values.</summary>
    public static Tensor ToUnitRange(Tensor images) => ((images + 1) / 2).clamp(0, 1);

    /// <returns>[N, C, H, W] float32 on the CPU in [0, 1].</returns>
    private Tensor Draw(TextToImageStage stage, Tensor embeddings, Tensor noise) =>
        ToUnitRange(generator.Draw(stage, embeddings, noise.to(Device), conditionDraw).Images).cpu();
}
