using static TorchSharp.torch;

namespace GenService.ML.Families;

/// <summary>How a latent walk gets from one latent to another.</summary>
public enum InterpolationPath
{
    /// <summary>A straight line (lerp): right for W, whose points are not concentrated on a sphere.</summary>
    Linear,

    /// <summary>A great circle (slerp): under a Gaussian prior latents concentrate near a sphere of
    /// radius √dim, and a straight line between two of them passes through atypically short ones.</summary>
    Spherical,
}

/// <summary>The points of a latent walk.</summary>
public static class LatentWalk
{
    /// <param name="from">[1, D] first latent.</param>
    /// <param name="to">[1, D] last latent.</param>
    /// <param name="steps">Points including both ends; one gives just <paramref name="from"/>.</param>
    /// <returns>[steps, D]</returns>
    public static Tensor Between(Tensor from, Tensor to, int steps, InterpolationPath path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var scope = NewDisposeScope();
        var angle = path == InterpolationPath.Spherical
            ? Math.Acos(Math.Clamp(nn.functional.cosine_similarity(from, to).item<float>(), -1.0, 1.0))
            : 0;
        var points = Enumerable.Range(0, steps).Select(i =>
        {
            var t = steps == 1 ? 0.0 : (double)i / (steps - 1);
            // Nearly parallel latents make sin(angle) vanish; the straight line is then the same path.
            var (a, b) = angle < 1e-6
                ? (1 - t, t)
                : (Math.Sin((1 - t) * angle) / Math.Sin(angle), Math.Sin(t * angle) / Math.Sin(angle));
            return from * a + to * b;
        });
        return cat(points.ToArray(), 0).MoveToOuterDisposeScope();
    }
}
