using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// A mixture of full-covariance Gaussians in latent space, held in float64 on the CPU: the VAE's sampling
/// prior once fitted to where the encoder puts the training images (<see cref="GaussianMixtureFit"/>).
/// </summary>
public sealed class GaussianMixture : IDisposable
{
    /// <param name="weights">[K], positive, summing to 1.</param>
    /// <param name="means">[K, d]</param>
    /// <param name="choleskyFactors">[K, d, d], lower triangular: Σ_k = L_k L_kᵀ. Taken over: the mixture disposes them.</param>
    public GaussianMixture(Tensor weights, Tensor means, Tensor choleskyFactors)
    {
        Weights = weights;
        Means = means;
        CholeskyFactors = choleskyFactors;
    }

    public Tensor Weights { get; }

    public Tensor Means { get; }

    public Tensor CholeskyFactors { get; }

    public int Components => (int)Means.shape[0];

    public int Dimension => (int)Means.shape[1];

    /// <summary>
    /// One latent per seed, each from that seed's own generator: ε ~ N(0, I) first (the draw
    /// <see cref="SeededNoise.Latents"/> makes), then u ~ U[0, 1) picks the component, z = μ_k + L_k ε.
    /// Each seed is computed alone, so its latent is the same bytes in any batch.
    /// </summary>
    /// <returns>[seeds, d] float32 on the CPU.</returns>
    public Tensor Sample(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        if (seeds.Count == 0)
            return zeros(0, Dimension).MoveToOuterDisposeScope();
        var cumulative = Weights.cumsum(0);
        var latents = seeds.Select(seed =>
        {
            using var generator = new Generator(unchecked((ulong)seed));
            var noise = randn([Dimension], generator: generator).to(ScalarType.Float64);
            var u = rand([1], generator: generator).to(ScalarType.Float64);
            var component = Math.Min(cumulative.lt(u).sum().item<long>(), Components - 1);
            return (Means[component] + CholeskyFactors[component].matmul(noise)).unsqueeze(0);
        });
        return cat(latents.ToArray(), 0).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>log p(x) under the mixture.</summary>
    /// <param name="points">[N, d] float64</param>
    /// <returns>[N]</returns>
    public Tensor LogDensity(Tensor points) => ComponentLogDensities(points).logsumexp(1);

    /// <summary>log w_k + log N(x; μ_k, Σ_k) for every point and component.</summary>
    /// <param name="points">[N, d] float64</param>
    /// <returns>[N, K]</returns>
    public Tensor ComponentLogDensities(Tensor points)
    {
        using var scope = NewDisposeScope();
        var centred = points.unsqueeze(0) - Means.unsqueeze(1);                                               // [K, N, d]
        var whitened = linalg.solve_triangular(CholeskyFactors, centred.transpose(1, 2), upper: false);       // [K, d, N]
        var mahalanobis = whitened.square().sum(1);                                                           // [K, N]
        var logDeterminant = 2 * CholeskyFactors.diagonal(dim1: 1, dim2: 2).log().sum(1, keepdim: true);     // [K, 1]
        var logNormal = -0.5 * (mahalanobis + logDeterminant + Dimension * Math.Log(2 * Math.PI));
        return (logNormal + Weights.log().unsqueeze(1)).t().MoveToOuterDisposeScope();
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Components);
        writer.Write(Dimension);
        foreach (var tensor in new[] { Weights, Means, CholeskyFactors })
        {
            foreach (var value in tensor.contiguous().data<double>())
                writer.Write(value);
        }
    }

    /// <exception cref="InvalidDataException">The mixture is not of <paramref name="dimension"/> or its numbers are not a distribution.</exception>
    public static GaussianMixture Read(BinaryReader reader, int dimension)
    {
        var (components, found) = (reader.ReadInt32(), reader.ReadInt32());
        if (components < 1 || found != dimension)
            throw new InvalidDataException($"The stored prior has {components} components of dimension {found}; the latent has {dimension}.");
        var weights = ReadDoubles(reader, components);
        if (weights.Any(w => !(w > 0)) || Math.Abs(weights.Sum() - 1) > 1e-6)
            throw new InvalidDataException("The stored prior's weights are not a distribution.");
        var means = ReadDoubles(reader, components * dimension);
        var factors = ReadDoubles(reader, components * dimension * dimension);
        return new GaussianMixture(
            tensor(weights, ScalarType.Float64),
            tensor(means, ScalarType.Float64).reshape(components, dimension),
            tensor(factors, ScalarType.Float64).reshape(components, dimension, dimension));
    }

    /// <summary>Hands the mixture's tensors to the dispose scope around the current one.</summary>
    public GaussianMixture MoveToOuterDisposeScope()
    {
        Weights.MoveToOuterDisposeScope();
        Means.MoveToOuterDisposeScope();
        CholeskyFactors.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Weights.Dispose();
        Means.Dispose();
        CholeskyFactors.Dispose();
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = reader.ReadDouble();
        return values;
    }
}
