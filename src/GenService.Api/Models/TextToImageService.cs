using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Text;

namespace GenService.Api.Models;

/// <summary>Draws images from a text prompt with a text-to-image model, through the <see cref="InferenceEngine"/>.</summary>
public sealed class TextToImageService(InferenceEngine engine, ServableModels servable)
{
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
