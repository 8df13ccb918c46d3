using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Text;

namespace GenService.Api.Models;

/// <summary>Draws images from a text prompt with a text-to-image model, through the <see cref="InferenceEngine"/>.</summary>
public sealed class TextToImageService(InferenceEngine engine, ServableModels servable)
{
    /// <summary>Prompts a request for one seed and several prompts may hold: a row as long as an interpolation's.</summary>
    public const int MaxPrompts = ModelService.MaxInterpolationSteps;

    public async Task<ServiceResult<GeneratedImage>> GenerateAsync(Guid id, TextToImageRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Add(CheckPrompt(request.Prompt));
        if (request.Count is < 1 or > ModelService.MaxSamples)
            errors.Add("count", $"Must be between 1 and {ModelService.MaxSamples}.");
        if (request.Columns is < 1 or > ModelService.MaxSamples)
            errors.Add("columns", $"Must be between 1 and {ModelService.MaxSamples}.");
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var seeds = Enumerable.Range(0, request.Count).Select(i => request.Seed + i).ToList();
        var work = new TextToImageWork(request.Prompt!, seeds, request.Stage.ToStage());
        var columns = request.Columns ?? (int)Math.Ceiling(Math.Sqrt(request.Count));
        return ModelService.Encode(await engine.RunAsync(model.Value!, work, cancellationToken), ImageOutput.Still(request.Format.ToImageFormat()), columns);
    }

    /// <summary>One seed's noise drawn with each prompt: the style held, the content changed (Reed et al. 2016's figure of
    /// fixed noise and varied text).</summary>
    public async Task<ServiceResult<GeneratedImage>> GeneratePromptsAsync(Guid id, TextToImagePromptsRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Prompts is not { Count: >= 1 and <= MaxPrompts })
            errors.Add("prompts", $"Give 1 to {MaxPrompts} prompts.");
        else
        {
            for (var i = 0; i < request.Prompts.Count; i++)
                errors.Add(CheckPrompt(request.Prompts[i], $"prompts[{i}]"));
        }
        if (request.Columns is < 1 or > MaxPrompts)
            errors.Add("columns", $"Must be between 1 and {MaxPrompts}.");
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var work = new TextToImageWork(request.Prompts!, [.. Enumerable.Repeat(request.Seed, request.Prompts!.Count)], request.Stage.ToStage());
        return ModelService.Encode(
            await engine.RunAsync(model.Value!, work, cancellationToken), ImageOutput.Still(request.Format.ToImageFormat()), request.Columns ?? request.Prompts.Count);
    }

    /// <summary>Reed et al. 2016's interpolation: one seed's noise, the text embedding walking from one prompt's to the other's.</summary>
    public async Task<ServiceResult<GeneratedImage>> InterpolateAsync(Guid id, TextInterpolationRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Add(CheckPrompt(request.FromPrompt, "fromPrompt"));
        errors.Add(CheckPrompt(request.ToPrompt, "toPrompt"));
        if (request.Steps is < 2 or > ModelService.MaxInterpolationSteps)
            errors.Add("steps", $"Must be between 2 and {ModelService.MaxInterpolationSteps}.");
        if (request.Columns is < 1 or > ModelService.MaxInterpolationSteps)
            errors.Add("columns", $"Must be between 1 and {ModelService.MaxInterpolationSteps}.");
        errors.Add(ModelService.CheckFrameMilliseconds(request.FrameMilliseconds));
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var work = new TextInterpolateWork(request.FromPrompt!, request.ToPrompt!, request.Seed, request.Steps, request.Stage.ToStage());
        return ModelService.Encode(
            await engine.RunAsync(model.Value!, work, cancellationToken), request.Format.ToImageOutput(), request.Columns ?? request.Steps,
            TimeSpan.FromMilliseconds(request.FrameMilliseconds));
    }

    /// <returns>Null for a prompt the tokenizer reads; otherwise the field's error, naming the token limit.</returns>
    public static ServiceError? CheckPrompt(string? prompt, string field = "prompt")
    {
        if (prompt is null)
            return ServiceError.Invalid(field, "Give the text to draw.");
        try
        {
            PromptTokenizer.Encode(prompt);
            return null;
        }
        catch (InvalidPromptException exception)
        {
            return ServiceError.Invalid(field, exception.Message);
        }
    }
}
