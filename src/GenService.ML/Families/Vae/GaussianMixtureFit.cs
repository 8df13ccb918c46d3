using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// Maximum-likelihood fit of a full-covariance <see cref="GaussianMixture"/> by expectation-maximisation, started
/// from k-means++ centres (Arthur and Vassilvitskii, 2007) drawn from a seeded generator: the same points and seed
/// give the same mixture.
/// </summary>
/// <remarks>
/// Used on the VAE's aggregate posterior, as Ghosh et al. (2020) do after training ("ex-post density estimation",
/// 10 full-covariance components): the KL term never makes the posterior means fill N(0, I), so prior samples land
/// in holes between them and decode to blends; samples from the fitted mixture land where real images do.
/// </remarks>
/// <param name="Components">K; fewer when there are fewer points.</param>
/// <param name="MaximumIterations">EM stops here at the latest.</param>
/// <param name="Tolerance">EM stops once the mean log-likelihood per point gains less than this (scikit-learn's tol).</param>
/// <param name="CovarianceRegularisation">Added to every covariance's diagonal, so a latent dimension the
/// encoder does not use (all means equal) keeps a positive-definite covariance (scikit-learn's reg_covar).</param>
public sealed record GaussianMixtureFit(int Components = 10, int MaximumIterations = 100, double Tolerance = 1e-3, double CovarianceRegularisation = 1e-6)
{
    /// <param name="points">[N, d], any float type and device; fitted in float64 on the CPU.</param>
    public GaussianMixture Fit(Tensor points, ulong seed)
    {
        using var scope = NewDisposeScope();
        var x = points.to(ScalarType.Float64).cpu();
        var components = (int)Math.Min(Components, x.shape[0]);
        using var generator = new Generator(seed);
        var centres = KMeansPlusPlusCentres(x, components, generator);
        var nearest = cdist(x, centres).argmin(1);
        var responsibilities = nn.functional.one_hot(nearest, components).to(ScalarType.Float64);   // [N, K]

        var mixture = Maximise(x, responsibilities);
        var previous = double.NegativeInfinity;
        for (var iteration = 0; iteration < MaximumIterations; iteration++)
        {
            var logDensities = mixture.ComponentLogDensities(x);                                  // [N, K]
            var logLikelihood = logDensities.logsumexp(1, keepdim: true);                         // [N, 1]
            var mean = logLikelihood.mean().item<double>();
            responsibilities = (logDensities - logLikelihood).exp();
            mixture.Dispose();
            mixture = Maximise(x, responsibilities);
            if (mean - previous < Tolerance)
                break;
            previous = mean;
        }
        return mixture.MoveToOuterDisposeScope();
    }

    /// <summary>The M step: weights, means and regularised covariances from the responsibilities.</summary>
    /// <param name="x">[N, d] float64</param>
    /// <param name="responsibilities">[N, K], rows summing to 1.</param>
    private GaussianMixture Maximise(Tensor x, Tensor responsibilities)
    {
        using var scope = NewDisposeScope();
        // Ten float64 epsilons keep an emptied component's division finite, as scikit-learn does.
        var counts = responsibilities.sum(dim: 0) + 10 * 2.220446049250313e-16;   // [K]
        var means = responsibilities.t().matmul(x) / counts.unsqueeze(1);                             // [K, d]
        var centred = x.unsqueeze(0) - means.unsqueeze(1);                                            // [K, N, d]
        var weighted = centred * responsibilities.t().unsqueeze(2);                                   // [K, N, d]
        var covariances = weighted.transpose(1, 2).matmul(centred) / counts.reshape(-1, 1, 1)         // [K, d, d]
                          + CovarianceRegularisation * eye(x.shape[1], dtype: ScalarType.Float64);
        var weights = counts / counts.sum();
        return new GaussianMixture(weights, means, linalg.cholesky(covariances)).MoveToOuterDisposeScope();
    }

    /// <summary>The first centre uniformly, each next one with probability proportional to its squared distance to the
    /// nearest centre so far: well-separated clusters each get a centre.</summary>
    /// <returns>[K, d]</returns>
    private static Tensor KMeansPlusPlusCentres(Tensor x, int components, Generator generator)
    {
        var chosen = new List<long> { randint(0, x.shape[0], [1], generator: generator).item<long>() };
        var squaredDistances = (x - x[chosen[0]]).square().sum(1);                                   // [N]
        while (chosen.Count < components)
        {
            var next = squaredDistances.sum().item<double>() > 0
                ? multinomial(squaredDistances, 1, generator: generator).item<long>()
                : randint(0, x.shape[0], [1], generator: generator).item<long>();
            chosen.Add(next);
            squaredDistances = minimum(squaredDistances, (x - x[next]).square().sum(1));
        }
        return x.index_select(0, tensor(chosen.ToArray()));
    }
}
