using System.ComponentModel;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The model routes of text to image (textgan): draw from a prompt, draw several prompts with one seed, and walk between two.</summary>
public static class TextToImageApi
{
    /// <param name="models">The /v1/models group.</param>
    public static RouteGroupBuilder MapTextToImageRoutes(this RouteGroupBuilder models)
    {
        models.MapPost("/{id:guid}/text-to-image", Generate)
            .WithName("TextToImage")
            .WithSummary("Draw images from a text prompt with a textgan model: one image, or a grid of several.")
            .WithDescription("Image i is drawn from the prompt with seed + i by the chosen stage (II by default, at twice the dataset's size; I at "
                + "the dataset's size); the same prompt and seed always give the same bytes, alone or in a grid. Any Unicode prompt is read: words "
                + "the model's training captions never used are read as unknown. An empty prompt, or one over 77 tokens (cl100k_base), answers "
                + "400 naming the limit; models that do not draw from text answer 400. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesImages();
        models.MapPost("/{id:guid}/text-to-image/prompts", GeneratePrompts)
            .WithName("TextToImagePrompts")
            .WithSummary("Draw several prompts with one seed's noise with a textgan model: the style held, the content changed, as a row (or grid).")
            .WithDescription("Image i is what POST /v1/models/{id}/text-to-image draws for prompt i with the seed, byte for byte. An empty list, more "
                + "than 64 prompts, or a bad prompt (empty, or over 77 tokens) answers 400 naming it; the other answers are those of text-to-image.")
            .ProducesImages();
        models.MapPost("/{id:guid}/text-interpolation", Interpolate)
            .WithName("TextInterpolation")
            .WithSummary("Walk between two prompts with a textgan model, one seed's noise held (Reed et al. 2016's figure): a row (or grid) of frames, or a GIF animation.")
            .WithDescription("The frames' text embeddings are equally spaced from fromPrompt's to toPrompt's, with the same noise throughout, so the "
                + "content changes and the style holds; the first and last frames are what text-to-image draws for each prompt with that seed. "
                + "The prompts' errors and the other answers are those of POST /v1/models/{id}/text-to-image.")
            .ProducesImages(animated: true);
        return models;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Generate(
        [Description("The model's id.")] Guid id, TextToImageRequest request, TextToImageService textToImage, CancellationToken cancellationToken) =>
        ModelsApi.ToImageResult(await textToImage.GenerateAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> GeneratePrompts(
        [Description("The model's id.")] Guid id, TextToImagePromptsRequest request, TextToImageService textToImage, CancellationToken cancellationToken) =>
        ModelsApi.ToImageResult(await textToImage.GeneratePromptsAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Interpolate(
        [Description("The model's id.")] Guid id, TextInterpolationRequest request, TextToImageService textToImage, CancellationToken cancellationToken) =>
        ModelsApi.ToImageResult(await textToImage.InterpolateAsync(id, request, cancellationToken));
}
