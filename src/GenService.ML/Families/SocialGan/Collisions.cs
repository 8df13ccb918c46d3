using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>Futures in which someone walks into someone else: two people of a scene closer than <see cref="Threshold"/> at the same step.</summary>
public static class Collisions
{
    /// <summary>Metres between two people's centres below which they collide, as Social GAN's successors count it.</summary>
    public const double Threshold = 0.1;

    /// <param name="samples">[k, pred, N, 2] positions.</param>
    /// <returns>How many of the k · N person-futures collide with another person of the same sample, and how many there are.</returns>
    public static (long Colliding, long Total) Count(Tensor samples, SceneRanges scenes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(scenes);
        using var scope = NewDisposeScope();
        long colliding = 0;
        for (var scene = 0; scene < scenes.Count; scene++)
        {
            var people = scenes.Size(scene);
            if (people < 2)
                continue;
            var positions = samples.narrow(2, scenes.Start(scene), people);                    // [k, pred, n, 2]
            var distances = (positions.unsqueeze(3) - positions.unsqueeze(2)).square().sum([4]).sqrt();   // [k, pred, n, n]
            var others = distances + (eye(people, device: samples.device) * (2 * Threshold + 1));
            colliding += others.amin([1, 3]).lt(Threshold).sum().item<long>();
        }
        return (colliding, samples.shape[0] * scenes.People);
    }
}
