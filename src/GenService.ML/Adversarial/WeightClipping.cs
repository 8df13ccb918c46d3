using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Adversarial;

/// <summary>WGAN's crude Lipschitz constraint: after each critic step every weight is clamped to
/// [−c, c] (c = 0.01 in Arjovsky et al. 2017).</summary>
public static class WeightClipping
{
    public const double PaperLimit = 0.01;

    public static void Clip(IEnumerable<Parameter> parameters, double limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var noGrad = no_grad();
        foreach (var parameter in parameters)
            parameter.clamp_(-limit, limit);
    }
}
