using GenService.Api.Infrastructure;
using GenService.ML.Families;
using TorchSharp;

namespace GenService.Api.Inference;

/// <summary>Image i drawn from prompt i with seed i by one stage of a text-to-image model (<see cref="ITextToImageGenerator"/>).</summary>
public sealed record TextToImageWork(IReadOnlyList<string> Prompts, IReadOnlyList<long> Seeds, TextToImageStage Stage) : BatchedWork
{
    /// <summary>One prompt drawn with each seed.</summary>
    public TextToImageWork(string prompt, IReadOnlyList<long> seeds, TextToImageStage stage)
        : this([.. Enumerable.Repeat(prompt, seeds.Count)], seeds, stage)
    {
    }

    public override string Operation => "text-to-image";

    public override ModelCapability Needs => ModelCapability.TextToImage;

    public override int ImageCount => Seeds.Count;

    /// <summary>Drawings by the same stage share a pass, whatever their prompts.</summary>
    public override bool CanShareBatchWith(BatchedWork other) => other is TextToImageWork work && work.Stage == Stage;

    public override ImageShape OutputShape(IGenerativeModel model) => ((ITextToImageGenerator)model).StageShape(Stage);

    public override torch.Tensor RunPass(IGenerativeModel model, IReadOnlyList<BatchedImage> images)
    {
        var works = images.Select(image => (TextToImageWork)image.Work).ToList();
        return ((ITextToImageGenerator)model).Generate(
            images.Select((image, i) => works[i].Prompts[image.Index]).ToList(), images.Select((image, i) => works[i].Seeds[image.Index]).ToList(), Stage);
    }
}

/// <summary>Frames of one seed's noise as the text embedding walks from one prompt's to the other's (<see cref="ITextToImageGenerator.Interpolate"/>).</summary>
public sealed record TextInterpolateWork(string FromPrompt, string ToPrompt, long Seed, int Steps, TextToImageStage Stage) : ModelCall
{
    public override string Operation => "text-interpolation";

    public override ModelCapability Needs => ModelCapability.TextToImage;

    public override int ImageCount => Steps;

    public override ServiceResult<torch.Tensor> Run(IGenerativeModel model) =>
        ((ITextToImageGenerator)model).Interpolate(FromPrompt, ToPrompt, Seed, Steps, Stage);
}
