using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>How far a super-resolved image is from its original in content: l_X of Ledig et al. 2017.</summary>
public interface IContentLoss : IDisposable
{
    /// <param name="superResolved">[N, C, S, S] the generator's output, attached to its graph</param>
    /// <param name="highResolution">[N, C, S, S] the originals in [0, 1]</param>
    /// <returns>Scalar loss</returns>
    Tensor Loss(Tensor superResolved, Tensor highResolution);
}
