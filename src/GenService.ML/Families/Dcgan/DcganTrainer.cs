using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Dcgan;

/// <summary>
/// Trains D and G in turn: <see cref="DcganHyperparameters.CriticStepsAt"/> steps of D (each on a fresh real
/// and a fresh generated minibatch, the two kept apart as Radford et al. do), then one step of G. Every
/// random draw of step t (minibatches, z, the gradient penalty's ε) comes from a generator seeded by
/// (run seed, t), so a run resumed from a checkpoint replays exactly and no RNG state needs saving.
/// </summary>
/// <remarks>Images are trained in [−1, 1], the range of G's tanh; datasets of another size are resized
/// once to the architecture's (see <see cref="GanResolution"/>).</remarks>
public sealed class DcganTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Dcgan.Checkpoint";
    public const string ModelMagic = "GenService.Dcgan.Model";

    /// <summary>Enough for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 512;

    private const int EvaluationBatchSize = 128;
    private const long InitialisationStream = -1;
    private const long EvaluationStream = -2;

    private readonly TrainingSetup setup;
    private readonly DcganHyperparameters hyperparameters;
    private readonly ResizedSplits data;
    private readonly DcganGenerator generator;
    private readonly DcganDiscriminator discriminator;
    private readonly GanLoss loss;
    private readonly OptimizerHelper generatorOptimizer;
    private readonly OptimizerHelper discriminatorOptimizer;
    private readonly int batchSize;

    public DcganTrainer(TrainingSetup setup)
    {
        if (DcganFamily.CheckShape(setup.Train.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Train.Count == 0 || setup.Validation.Count == 0)
            throw new ArgumentException("The DCGAN needs at least one training and one validation image.", nameof(setup));
        if (setup.Validation.Shape != setup.Train.Shape)
            throw new ArgumentException($"Validation images are {setup.Validation.Shape}, training images {setup.Train.Shape}.", nameof(setup));

        this.setup = setup;
        hyperparameters = DcganHyperparameters.From(setup.Hyperparameters);
        var architecture = new DcganArchitecture(
            GanResolution.OutputShape(setup.Train.Shape),
            hyperparameters.LatentDim,
            hyperparameters.BaseChannels,
            hyperparameters.Objective == AdversarialObjective.WassersteinGradientPenalty ? CriticNormalisation.LayerNorm : CriticNormalisation.BatchNorm);
        data = new ResizedSplits(setup, architecture.Shape);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, data.Train.Count);
        loss = new GanLoss(hyperparameters.Objective, hyperparameters.GradientPenaltyWeight);
        generator = new DcganGenerator(architecture);
        discriminator = new DcganDiscriminator(architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            GaussianInitialisation.Apply(generator, random);
            GaussianInitialisation.Apply(discriminator, random);
        }
        generator.to(setup.Device);
        discriminator.to(setup.Device);
        generatorOptimizer = CreateOptimizer(generator.parameters());
        discriminatorOptimizer = CreateOptimizer(discriminator.parameters());
    }

    public DcganArchitecture Architecture => generator.Architecture;

    /// <summary>One generator step, after the D steps <see cref="DcganHyperparameters.CriticStepsAt"/> gives it.</summary>
    /// <returns>"loss_d" and "loss_g", and D's view of the minibatches (<see cref="ScoreMetrics"/>),
    /// averaged over the step's critic steps.</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var criticSteps = hyperparameters.CriticStepsAt(step);
        for (var criticStep = 0; criticStep < criticSteps; criticStep++)
        {
            var real = RealBatch(random);                                    // [B, C, S, S] in [−1, 1]
            Tensor fake;
            using (no_grad())
                fake = generator.forward(Latents(batchSize, random));      // [B, C, S, S]
            var terms = loss.Discriminator(discriminator.forward, real, fake, random);
            discriminatorOptimizer.zero_grad();
            terms.Loss.backward();
            discriminatorOptimizer.step();
            if (hyperparameters.Objective == AdversarialObjective.Wasserstein)
                WeightClipping.Clip(discriminator.parameters(), hyperparameters.ClipLimit);
            foreach (var (name, value) in terms.Metrics())
                metrics[name] = metrics.GetValueOrDefault(name) + value / criticSteps;
        }

        // G's step needs gradients through D, not for D's weights: freezing them saves that work.
        Trainable.Set(discriminator, false);
        var generatorLoss = loss.Generator(discriminator.forward, generator.forward(Latents(batchSize, random)));
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        generatorOptimizer.step();
        Trainable.Set(discriminator, true);

        metrics[ScoreMetrics.GeneratorLossName] = generatorLoss.item<float>();
        return metrics;
    }

    /// <summary>D's view of the first <see cref="MaximumEvaluationImages"/> held-out images against as many
    /// generated ones (the same z every time), both networks in inference mode: D's accuracy and mean
    /// probabilities, or the critic's Wasserstein estimate.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        discriminator.eval();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, EvaluationStream));
        var count = Math.Min(data.Validation.Count, MaximumEvaluationImages);
        var realScores = new List<Tensor>();
        var fakeScores = new List<Tensor>();
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            var size = Math.Min(EvaluationBatchSize, count - start);
            var indices = arange(start, start + size, dtype: ScalarType.Int64);
            realScores.Add(discriminator.forward(ToSigned(data.Validation.Batch(indices, setup.Device))));
            fakeScores.Add(discriminator.forward(generator.forward(Latents(size, random))));
        }
        var real = cat(realScores, 0);
        var fake = cat(fakeScores, 0);
        var metrics = ScoreMetrics.Of(hyperparameters.Objective, real, fake);
        metrics[ScoreMetrics.DiscriminatorLossName] = AdversarialLosses.Discriminator(hyperparameters.Objective, real, fake).item<float>();
        return metrics;
    }

    /// <summary>G's images of the seeds' latents, as <see cref="DcganModel.Sample"/> draws them.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        generator.eval();
        var latents = SeededNoise.Latents(seeds, Architecture.LatentDim).to(setup.Device);
        return DcganModel.ToUnitRange(generator.forward(latents)).cpu();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => DcganArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header and G's weights; <see cref="DcganFamily.LoadModel"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        generator.save(writer);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
        data.Dispose();
    }

    /// <summary>Both networks' weights (with batch norm statistics), then both optimisers' state.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    private OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) =>
        hyperparameters.Objective == AdversarialObjective.Wasserstein
            ? optim.RMSProp(parameters, hyperparameters.LearningRate)
            : optim.Adam(parameters, hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);

    /// <returns>[B, C, S, S] in [−1, 1] on the run's device.</returns>
    private Tensor RealBatch(Generator random)
    {
        var indices = randperm(data.Train.Count, generator: random).narrow(0, 0, batchSize);
        return ToSigned(data.Train.Batch(indices, setup.Device));
    }

    /// <returns>[count, latent] z ~ N(0, I) on the run's device.</returns>
    private Tensor Latents(long count, Generator random) =>
        randn(count, Architecture.LatentDim, generator: random).to(setup.Device);

    private static Tensor ToSigned(Tensor images) => images * 2 - 1;
}
