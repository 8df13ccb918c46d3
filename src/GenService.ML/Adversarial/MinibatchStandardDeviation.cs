using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>
/// Progressive GAN's minibatch standard deviation: D sees one extra feature map holding how much the
/// images of its group differ (the standard deviation of every feature at every pixel, averaged), so a
/// generator that collapses to near-identical images is easy to reject.
/// </summary>
/// <param name="groupSize">Images per group (4 in the paper); a batch whose size it does not divide
/// uses the largest divisor below it.</param>
public sealed class MinibatchStandardDeviation(int groupSize = 4) : Module<Tensor, Tensor>(nameof(MinibatchStandardDeviation))
{
    private const double Epsilon = 1e-8;

    /// <param name="features">[N, C, H, W]</param>
    /// <returns>[N, C + 1, H, W]</returns>
    public override Tensor forward(Tensor features)
    {
        var (count, height, width) = (features.shape[0], features.shape[2], features.shape[3]);
        var group = GroupSize(count);
        // Image n is in group n mod (N / group): reshape and repeat below agree on that.
        var grouped = features.reshape(group, -1, features.shape[1], height, width);       // [G, M, C, H, W]
        var deviation = (grouped - grouped.mean([0])).square().mean([0]).add(Epsilon).sqrt();   // [M, C, H, W]
        var summary = deviation.mean([1, 2, 3]).reshape(-1, 1, 1, 1);                        // [M, 1, 1, 1]
        return cat([features, summary.repeat(group, 1, height, width)], 1);
    }

    private long GroupSize(long count)
    {
        var size = Math.Min(groupSize, count);
        while (count % size != 0)
            size--;
        return size;
    }
}
