using static TorchSharp.torch;

namespace GenService.ML.Training;

/// <summary>
/// Takes a network's parameters out of autograd and puts them back, so a loss that passes through a network another
/// optimiser owns (G's loss through D, a fixed encoder) moves only the network being trained and spends no work on the
/// other's weight gradients.
/// </summary>
public static class Trainable
{
    public static void Set(nn.Module network, bool trainable)
    {
        foreach (var parameter in network.parameters())
            parameter.requires_grad = trainable;
    }
}
