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

/// <param name="Prompts">What to draw, 1 to 64 prompts (each 1 to 77 tokens, cl100k_base), one image each, in a row.</param>
/// <param name="Seed">The noise of every image: only the prompt changes along the row, so the style holds. Image i is the
/// image text-to-image draws for prompt i with this seed. Default 0.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Stage">II (default) or I, as for text-to-image.</param>
/// <param name="Columns">Grid columns; default all images in one row.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" or a checkpoint's step such as "400".</param>
public sealed record TextToImagePromptsRequest(
    IReadOnlyList<string>? Prompts = null, long Seed = 0, ImageFormatName Format = ImageFormatName.Png,
    TextToImageStageName Stage = TextToImageStageName.II, int? Columns = null, string? Checkpoint = null);

/// <param name="FromPrompt">The prompt of the first frame (1 to 77 tokens).</param>
/// <param name="ToPrompt">The prompt of the last frame.</param>
/// <param name="Seed">The noise of every frame: only the text embedding changes along the walk, so the style holds. Default 0.</param>
/// <param name="Steps">Frames including both ends, 2 to 64.</param>
/// <param name="Format">png (default), jpeg or webp: the frames as one grid image; gif: an animation that loops.</param>
/// <param name="Stage">II (default) or I, as for text-to-image.</param>
/// <param name="Columns">Grid columns; default all frames in one row.</param>
/// <param name="FrameMilliseconds">With format gif: how long each frame shows, 20 to 10000 ms (default 100).</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" or a checkpoint's step such as "400".</param>
public sealed record TextInterpolationRequest(
    string? FromPrompt = null, string? ToPrompt = null, long Seed = 0, int Steps = 8, FramesFormatName Format = FramesFormatName.Png,
    TextToImageStageName Stage = TextToImageStageName.II, int? Columns = null, int FrameMilliseconds = 100, string? Checkpoint = null);
