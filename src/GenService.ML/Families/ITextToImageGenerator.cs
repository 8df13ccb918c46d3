using GenService.ML.Text;
using TorchSharp;

namespace GenService.ML.Families;

/// <summary>
/// Draws images from text prompts. Image i depends only on prompts[i], seeds[i] and the stage: every seed has its own
/// generator, and a prompt encodes the same alone or in a batch, so the same prompt and seed give the same image.
/// </summary>
public interface ITextToImageGenerator
{
    /// <summary>The shape of the images a stage draws: stage II's is twice stage I's (<see cref="IGenerativeModel.OutputShape"/>).</summary>
    ImageShape StageShape(TextToImageStage stage);

    /// <exception cref="InvalidPromptException">A prompt is empty, only whitespace, or over <see cref="PromptTokenizer.MaxTokens"/> tokens.</exception>
    /// <returns>[N, C, H, W] float32 on the CPU of <see cref="StageShape"/>, values in [0, 1].</returns>
    torch.Tensor Generate(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds, TextToImageStage stage);

    /// <summary>Reed et al. 2016's interpolation: one seed's noise held fixed while the text embedding walks from one
    /// prompt's to the other's, so the content changes and the style stays.</summary>
    /// <exception cref="InvalidPromptException">A prompt is empty, only whitespace, or over the token limit.</exception>
    /// <returns>[steps, C, H, W] float32 on the CPU, values in [0, 1]; the first and last are the two prompts' images.</returns>
    torch.Tensor Interpolate(string fromPrompt, string toPrompt, long seed, int steps, TextToImageStage stage);

    /// <summary>Images and prompts in the joint embedding the text encoder was trained in, for a retrieval score; null
    /// when the model does not hold the image side (models stored before it was kept).</summary>
    /// <param name="images">uint8 [N, C, H, W] at stage I's shape.</param>
    /// <returns>[N, D] and [prompts, D] on the CPU.</returns>
    (torch.Tensor Images, torch.Tensor Texts)? Embed(torch.Tensor images, IReadOnlyList<string> prompts);
}
