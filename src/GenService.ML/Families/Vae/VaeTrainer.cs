using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// Maximises the ELBO with Adam. Every random draw of step t (minibatch, dequantisation, ε) comes
/// from a generator seeded by (run seed, t), so a run resumed from a checkpoint replays exactly and
/// no RNG state needs saving.
/// </summary>
public sealed class VaeTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Vae.Checkpoint";
    public const string ModelMagic = "GenService.Vae.Model";

    /// <summary>Enough for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 512;

    /// <summary>The prior mixture is fitted to the first this many training images: 320 points per full 32-dimensional
    /// covariance at K = 10, while encoding them and fitting take seconds at each export.</summary>
    public const int MaximumPriorImages = 10_000;

    private const int EvaluationBatchSize = 128;
    private const long InitialisationStream = -1;
    private const long EvaluationStream = -2;
    private const long PriorStream = -3;

    private readonly TrainingSetup setup;
    private readonly VaeNetwork network;
    private readonly ElboLoss loss;
    private readonly Adam optimizer;
    private readonly int batchSize;
    private readonly VaeHyperparameters hyperparameters;

    public VaeTrainer(TrainingSetup setup)
    {
        var shape = setup.Train.Shape;
        if (VaeArchitecture.Check(shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Train.Count == 0 || setup.Validation.Count == 0)
            throw new ArgumentException("The VAE needs at least one training and one validation image.", nameof(setup));
        if (setup.Validation.Shape != shape)
            throw new ArgumentException($"Validation images are {setup.Validation.Shape}, training images {shape}.", nameof(setup));

        this.setup = setup;
        hyperparameters = VaeHyperparameters.From(setup.Hyperparameters);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, setup.Train.Count);
        loss = new ElboLoss(hyperparameters.Beta);
        network = new VaeNetwork(new VaeArchitecture(
            shape, hyperparameters.LatentDim, hyperparameters.BaseChannels, hyperparameters.MinDecoderStd, hyperparameters.DecoderVariance));
        using (var generator = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
            network.ResetParameters(generator);
        network.to(setup.Device);
        optimizer = optim.Adam(network.parameters(), hyperparameters.LearningRate);
    }

    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        network.train();
        using var generator = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        var indices = randperm(setup.Train.Count, generator: generator).narrow(0, 0, batchSize);
        var terms = Measure(setup.Train.Batch(indices, setup.Device), generator, calibrate: true);

        optimizer.zero_grad();
        loss.Objective(terms).backward();
        optimizer.step();
        return Metrics(terms.ReconstructionLogLikelihood.mean().item<float>(), terms.Kl.mean().item<float>());
    }

    /// <summary>The ELBO on the first <see cref="MaximumEvaluationImages"/> held-out images, with the
    /// same noise every time, so the curve moves only when the weights do.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.eval();
        using var generator = new Generator(SeededNoise.DeriveSeed(setup.Seed, EvaluationStream));
        var count = Math.Min(setup.Validation.Count, MaximumEvaluationImages);
        var reconstruction = zeros(1, dtype: ScalarType.Float64, device: setup.Device);
        var kl = zeros(1, dtype: ScalarType.Float64, device: setup.Device);
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            var indices = arange(start, Math.Min(start + EvaluationBatchSize, count), dtype: ScalarType.Int64);
            var terms = Measure(setup.Validation.Batch(indices, setup.Device), generator, calibrate: false);
            reconstruction += terms.ReconstructionLogLikelihood.sum(type: ScalarType.Float64);
            kl += terms.Kl.sum(type: ScalarType.Float64);
        }
        return Metrics(reconstruction.item<double>() / count, kl.item<double>() / count);
    }

    /// <summary>Decoder means of the seeds' N(0, I) latents: a model exported without its fitted mixture
    /// (<see cref="LatentPrior.StandardNormal"/>) samples these.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        network.eval();
        var latents = SeededNoise.Latents(seeds, network.Architecture.LatentDim).to(setup.Device);
        return network.Decode(latents).Mean.cpu();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => network.Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => VaeArchitecture.Read(reader, CheckpointMagic), network.Architecture, CheckpointParts());

    /// <summary>The model file (<see cref="VaeModelFile"/>), with the prior mixture fitted now under <see cref="LatentPrior.Mixture"/>.</summary>
    public void ExportModel(Stream stream)
    {
        using var prior = hyperparameters.Prior == LatentPrior.Mixture ? FitPrior() : null;
        VaeModelFile.Write(stream, network, prior);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        network.Dispose();
    }

    /// <summary>Weights, then Adam's moments and step counts.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("network", network),
        CheckpointPart.Optimizer("optimizer", optimizer),
    ];

    /// <param name="batch">[N, C, H, W] in [0, 1] on the run's device.</param>
    /// <param name="calibrate">A training step: a shared decoder variance is the batch's optimum, and is kept
    /// for evaluation; otherwise the kept one is used.</param>
    private ElboTerms Measure(Tensor batch, Generator generator, bool calibrate)
    {
        var images = ElboLoss.Dequantise(batch, generator);
        var noise = randn(batch.shape[0], network.Architecture.LatentDim, generator: generator).to(setup.Device);
        var pass = network.forward(images, noise);
        if (calibrate && network.Architecture.DecoderVariance == DecoderVariance.Shared)
        {
            pass = pass with { DecodedLogVariance = ElboLoss.OptimalSharedLogVariance(images, pass.DecodedMean) };
            network.CalibrateDecoder(pass.DecodedLogVariance);
        }
        return ElboLoss.Terms(images, pass);
    }

    /// <summary>A <see cref="GaussianMixture"/> on the posterior means of the first <see cref="MaximumPriorImages"/>
    /// training images, from a generator of the run's seed: the same weights give the same mixture.</summary>
    private GaussianMixture FitPrior()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.eval();
        var count = Math.Min(setup.Train.Count, MaximumPriorImages);
        var means = new List<Tensor>();
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            var indices = arange(start, Math.Min(start + EvaluationBatchSize, count), dtype: ScalarType.Int64);
            means.Add(network.Encode(setup.Train.Batch(indices, setup.Device)).Mean.cpu());
        }
        var fit = new GaussianMixtureFit(hyperparameters.PriorComponents);
        return fit.Fit(cat(means, 0), SeededNoise.DeriveSeed(setup.Seed, PriorStream)).MoveToOuterDisposeScope();
    }

    private Dictionary<string, double> Metrics(double reconstructionLogLikelihood, double kl)
    {
        var elbo = reconstructionLogLikelihood - kl;
        var shape = network.Architecture.Shape;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["elbo"] = elbo,
            ["reconstruction_log_likelihood"] = reconstructionLogLikelihood,
            ["kl"] = kl,
            ["bits_per_dim"] = ElboLoss.BitsPerDimension(elbo, (long)shape.Channels * shape.Height * shape.Width),
        };
    }
}
