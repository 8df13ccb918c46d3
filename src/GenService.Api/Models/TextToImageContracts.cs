namespace GenService.Api.Models;

/// <param name="Prompt">What to draw: any Unicode text of 1 to 77 tokens (cl100k_base); words the model's captions never used are read as unknown.</param>
/// <param name="Count">Images to draw, 1 to 256. Image i uses seed + i, so it is the same image a request for seed + i alone returns.</param>
/// <param name="Seed">Seed of the first image; the same prompt and seed always give the same bytes. Default 0.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Stage">II (default): the refined image at twice the dataset's size; I: stage I's, at the dataset's size.</param>
/// <param name="Columns">Grid columns; default the square root of count.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" or a checkpoint's step such as "400".</param>
public sealed record TextToImageRequest(
    string? Prompt = null, int Count = 1, long Seed = 0, ImageFormatName Format = ImageFormatName.Png,
    TextToImageStageName Stage = TextToImageStageName.II, int? Columns = null, string? Checkpoint = null);
