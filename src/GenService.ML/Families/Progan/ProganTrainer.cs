using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Progan;

/// <summary>
/// Trains a Progressive GAN with WGAN-GP and the drift term, one D step and one G step per step, growing
/// the resolution as <see cref="ProganSchedule"/> says, with fresh Adam state for D and G at the start of
/// every phase, and keeps an exponential moving average of G's weights for previews and export. Every random draw of step t comes from a generator seeded by
/// (run seed, t), and the phase is a function of t, so a resumed run replays exactly.
/// </summary>
/// <remarks>Training images are shrunk to the phase's resolution by averaging and, while a level fades in,
/// blended with their own half-resolution version by the same α as G's output, so D compares like with like
/// (the official implementation does the same).</remarks>
public sealed class ProganTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Progan.Checkpoint";
    public const string ModelMagic = "GenService.Progan.Model";

    /// <summary>Enough for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 512;

    private const int EvaluationBatchSize = 128;
    private const long InitialisationStream = -1;
    private const long EvaluationStream = -2;

    private readonly TrainingSetup setup;
    private readonly ProganHyperparameters hyperparameters;
    private readonly ProganSchedule schedule;
    private readonly ResizedSplits data;
    private readonly ProganGenerator generator;
    private readonly ProganGenerator averageGenerator;
    private readonly ProganDiscriminator discriminator;
    private readonly GanLoss loss;
    private Adam generatorOptimizer;
    private Adam discriminatorOptimizer;
    private readonly int batchSize;
    private long completedSteps;

    public ProganTrainer(TrainingSetup setup)
    {
        if (ProganFamily.CheckShape(setup.Train.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Train.Count == 0 || setup.Validation.Count == 0)
            throw new ArgumentException("The Progressive GAN needs at least one training and one validation image.", nameof(setup));
        if (setup.Validation.Shape != setup.Train.Shape)
            throw new ArgumentException($"Validation images are {setup.Validation.Shape}, training images {setup.Train.Shape}.", nameof(setup));

        this.setup = setup;
        hyperparameters = ProganHyperparameters.From(setup.Hyperparameters);
        var architecture = new ProganArchitecture(
            GanResolution.OutputShape(setup.Train.Shape), hyperparameters.LatentDim, hyperparameters.Channels, hyperparameters.MinibatchGroupSize);
        schedule = new ProganSchedule(architecture.Levels, hyperparameters.Steps, hyperparameters.FinalShare);
        data = new ResizedSplits(setup, architecture.Shape);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, data.Train.Count);
        loss = new GanLoss(AdversarialObjective.WassersteinGradientPenalty, hyperparameters.GradientPenaltyWeight, hyperparameters.DriftWeight);
        generator = new ProganGenerator(architecture);
        averageGenerator = new ProganGenerator(architecture);
        discriminator = new ProganDiscriminator(architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            ProganInitialisation.Apply(generator, random);
            ProganInitialisation.Apply(discriminator, random);
        }
        generator.to(setup.Device);
        averageGenerator.to(setup.Device);
        discriminator.to(setup.Device);
        ExponentialMovingAverage.Update(averageGenerator, generator, beta: 0);
        Trainable.Set(averageGenerator, false);
        generatorOptimizer = CreateOptimizer(generator);
        discriminatorOptimizer = CreateOptimizer(discriminator);
    }

    public ProganArchitecture Architecture => generator.Architecture;

    /// <summary>The phase the weights were last trained in, which previews and exports use.</summary>
    public ProganPhase CurrentPhase => schedule.PhaseAt(Math.Max(0, completedSteps - 1));

    /// <returns>"loss_d", "loss_g", "wasserstein_estimate", "gradient_penalty", "drift", and where growth
    /// stands: "resolution" and "alpha".</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        // Before the step's dispose scope, which would otherwise free the new optimisers' state with the step.
        if (schedule.StartsPhase(step))
            ResetOptimizers();
        using var scope = NewDisposeScope();
        var phase = schedule.PhaseAt(step);
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        Tensor Discriminate(Tensor images) => discriminator.forward(images, phase);

        var real = RealBatch(random, phase);                                      // [B, C, R, R] in [−1, 1]
        Tensor fake;
        using (no_grad())
            fake = generator.forward(Latents(batchSize, random), phase);          // [B, C, R, R]
        var terms = loss.Discriminator(Discriminate, real, fake, random);
        // Gradients are cleared to none, not zero: a layer the phase does not use then gets no Adam step
        // at all, exactly as after a resume, where it has never had a gradient.
        discriminator.zero_grad(set_to_none: true);
        terms.Loss.backward();
        discriminatorOptimizer.step();

        // G's step needs gradients through D, not for D's weights: freezing them saves that work.
        Trainable.Set(discriminator, false);
        var generatorLoss = loss.Generator(Discriminate, generator.forward(Latents(batchSize, random), phase));
        generator.zero_grad(set_to_none: true);
        generatorLoss.backward();
        generatorOptimizer.step();
        Trainable.Set(discriminator, true);

        // TensorFlow's warm-up of a moving average: β grows from 0.1 towards the paper's value.
        ExponentialMovingAverage.Update(averageGenerator, generator, Math.Min(hyperparameters.EmaDecay, (1.0 + step) / (10.0 + step)));
        completedSteps = step + 1;

        var metrics = terms.Metrics();
        metrics[ScoreMetrics.GeneratorLossName] = generatorLoss.item<float>();
        metrics["resolution"] = phase.Resolution;
        metrics["alpha"] = phase.Alpha;
        return metrics;
    }

    /// <summary>The critic's Wasserstein estimate between the first <see cref="MaximumEvaluationImages"/>
    /// held-out images and as many images of the averaged generator (the same z every time), at the current phase.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var phase = CurrentPhase;
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, EvaluationStream));
        var count = Math.Min(data.Validation.Count, MaximumEvaluationImages);
        var realScores = new List<Tensor>();
        var fakeScores = new List<Tensor>();
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            var size = Math.Min(EvaluationBatchSize, count - start);
            var indices = arange(start, start + size, dtype: ScalarType.Int64);
            realScores.Add(discriminator.forward(AtPhase(ToSigned(data.Validation.Batch(indices, setup.Device)), phase), phase));
            fakeScores.Add(discriminator.forward(averageGenerator.forward(Latents(size, random), phase), phase));
        }
        var real = cat(realScores, 0);
        var fake = cat(fakeScores, 0);
        var metrics = ScoreMetrics.Of(AdversarialObjective.WassersteinGradientPenalty, real, fake);
        metrics[ScoreMetrics.DiscriminatorLossName] = AdversarialLosses.Discriminator(AdversarialObjective.WassersteinGradientPenalty, real, fake).item<float>();
        metrics["resolution"] = phase.Resolution;
        metrics["alpha"] = phase.Alpha;
        return metrics;
    }

    /// <summary>The averaged generator's images of the seeds at the full resolution, as <see cref="ProganModel.Sample"/> draws them.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        var latents = SeededNoise.Latents(seeds, Architecture.LatentDim).to(setup.Device);
        return ProganModel.ToImages(averageGenerator.forward(latents, CurrentPhase), Architecture.Shape.Height).cpu();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => ProganArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header, the current phase and the averaged generator's weights;
    /// <see cref="ProganFamily.LoadModel"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        writer.Write(CurrentPhase.Level);
        writer.Write(CurrentPhase.Alpha);
        averageGenerator.save(writer);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        averageGenerator.Dispose();
        discriminator.Dispose();
        data.Dispose();
    }

    /// <summary>Steps done, the three networks' weights, then both optimisers' state.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        new("completed steps", writer => writer.Write(completedSteps), reader => completedSteps = reader.ReadInt64()),
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("average generator", averageGenerator),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    private Adam CreateOptimizer(nn.Module network) =>
        optim.Adam(network.parameters(), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);

    /// <summary>Karras et al.'s code starts every phase with fresh Adam moments (<c>reset_opt_for_new_lod</c>): those
    /// gathered before a fade-in began or ended describe gradients of another network. A function of the step,
    /// so a run resumed from a checkpoint taken just before a phase resets the same way.</summary>
    private void ResetOptimizers()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generatorOptimizer = CreateOptimizer(generator);
        discriminatorOptimizer = CreateOptimizer(discriminator);
    }

    /// <returns>[B, C, R, R] in [−1, 1] on the run's device, at the phase's resolution.</returns>
    private Tensor RealBatch(Generator random, ProganPhase phase)
    {
        var indices = randperm(data.Train.Count, generator: random).narrow(0, 0, batchSize);
        return AtPhase(ToSigned(data.Train.Batch(indices, setup.Device)), phase);
    }

    /// <summary>Full-resolution training images as the phase's generator would draw them.</summary>
    /// <param name="images">[N, C, S, S]</param>
    /// <returns>[N, C, R, R]</returns>
    private Tensor AtPhase(Tensor images, ProganPhase phase)
    {
        var factor = Architecture.Shape.Height / phase.Resolution;
        var shrunk = factor > 1 ? nn.functional.avg_pool2d(images, kernel_size: factor) : images;
        if (!phase.IsFading)
            return shrunk;
        var coarse = ProganGenerator.Upsample(ProganDiscriminator.Downsample(shrunk));
        return coarse.lerp(shrunk, phase.Alpha);
    }

    /// <returns>[count, latent] z ~ N(0, I) on the run's device.</returns>
    private Tensor Latents(long count, Generator random) =>
        randn(count, Architecture.LatentDim, generator: random).to(setup.Device);

    private static Tensor ToSigned(Tensor images) => images * 2 - 1;
}
