using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>PyTorch's default initialisation, as the reference code leaves it, drawn from the run's generator:
/// dense layers by <see cref="DefaultInitialisation"/>, and every LSTM weight and bias U(±1/√hidden).</summary>
public static class SocialGanInitialisation
{
    public static void Apply(Module network, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(network);
        DefaultInitialisation.Apply(network, generator);
        using var noGrad = no_grad();
        foreach (var lstm in network.modules().OfType<LSTM>())
        {
            var bound = 1.0 / Math.Sqrt(HiddenSize(lstm));
            foreach (var parameter in lstm.parameters())
                parameter.uniform_(-bound, bound, generator);
        }
    }

    /// <summary>An LSTM's hidden size: its hidden-to-hidden weight is [4 · hidden, hidden].</summary>
    private static long HiddenSize(LSTM lstm) => lstm.named_parameters().First(p => p.name.StartsWith("weight_hh", StringComparison.Ordinal)).parameter.shape[1];
}
