using System.Text;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Trains Social GAN as the reference code does: <see cref="SocialGanHyperparameters.DiscriminatorSteps"/> discriminator steps,
/// each on its own minibatch of windows, then one generator step on another, whose loss is the adversarial loss of one
/// forecast plus the weighted variety loss of k. Labels are smoothed as there: real targets drawn from U(0.7, 1.2), fake ones
/// from U(0, 0.3). Every random draw of step t comes from a generator seeded by (run seed, t), so a resumed run replays exactly.
/// </summary>
public sealed class SocialGanTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.SocialGan.Checkpoint";
    public const string ModelMagic = "GenService.SocialGan.Model";
    public const string DiscriminatorLossName = "loss_d";
    public const string GeneratorLossName = "loss_g";
    public const string VarietyLossName = "variety_l2";

    /// <summary>Enough windows for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationWindows = 256;

    private const int EvaluationBatchWindows = 64;
    private const int PreviewSamples = 5;
    private const long InitialisationStream = -1;
    private const long EvaluationStream = -2;

    private readonly TrainingSetup setup;
    private readonly SocialGanHyperparameters hyperparameters;
    private readonly IReadOnlyList<TrajectoryWindow> train;
    private readonly IReadOnlyList<TrajectoryWindow> validation;
    private readonly TrajectoryGenerator generator;
    private readonly TrajectoryDiscriminator discriminator;
    private readonly OptimizerHelper generatorOptimizer;
    private readonly OptimizerHelper discriminatorOptimizer;
    private readonly int batchSize;

    public SocialGanTrainer(TrainingSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.TrainScenes is null || setup.ValidationScenes is null)
            throw new ArgumentException("Social GAN trains on trajectory scenes.", nameof(setup));
        this.setup = setup;
        hyperparameters = SocialGanHyperparameters.From(setup.Hyperparameters);
        var architecture = hyperparameters.Architecture;
        if (architecture.NoiseDim >= architecture.DecoderHidden)
            throw new ArgumentException($"noise_dim ({architecture.NoiseDim}) must be smaller than decoder_h_dim ({architecture.DecoderHidden}): z is part of the decoder's state.", nameof(setup));
        train = TrajectoryWindows.Cut(setup.TrainScenes, architecture.TotalSteps);
        validation = TrajectoryWindows.Cut(setup.ValidationScenes, architecture.TotalSteps);
        if (train.Count == 0 || validation.Count == 0)
            throw new ArgumentException($"No {(train.Count == 0 ? "training" : "validation")} scene has anyone seen in {architecture.TotalSteps} consecutive frames (obs_len + pred_len).", nameof(setup));
        batchSize = Math.Min(hyperparameters.BatchSize, train.Count);
        generator = new TrajectoryGenerator(architecture);
        discriminator = new TrajectoryDiscriminator(architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            SocialGanInitialisation.Apply(generator, random);
            SocialGanInitialisation.Apply(discriminator, random);
        }
        generator.to(setup.Device);
        discriminator.to(setup.Device);
        generatorOptimizer = optim.Adam(generator.parameters(), hyperparameters.LearningRate);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), hyperparameters.LearningRate);
    }

    public SocialGanArchitecture Architecture => generator.Architecture;

    /// <summary>Windows the run trains on and evaluates on.</summary>
    public (int Train, int Validation) WindowCounts => (train.Count, validation.Count);

    /// <returns>"loss_d", "loss_g" (the adversarial term) and "variety_l2" (before its weight).</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        var observedSteps = Architecture.ObservedSteps;

        var discriminatorLoss = 0.0;
        for (var d = 0; d < hyperparameters.DiscriminatorSteps; d++)
        {
            var (positions, scenes) = Minibatch(random);
            var observed = positions[..observedSteps];
            Tensor fake;
            using (no_grad())
                fake = generator.forward(observed, scenes, Noise(scenes.Count, random));
            var real = TrajectoryGenerator.Displacements(positions);
            var realScores = discriminator.forward(real);
            var fakeScores = discriminator.forward(cat([real[..observedSteps], fake], 0));
            var loss = functional.binary_cross_entropy_with_logits(realScores, Targets(realScores, 0.7, 1.2, random))
                + functional.binary_cross_entropy_with_logits(fakeScores, Targets(fakeScores, 0, 0.3, random));
            discriminatorOptimizer.zero_grad();
            loss.backward();
            discriminatorOptimizer.step();
            discriminatorLoss += loss.item<float>() / hyperparameters.DiscriminatorSteps;
        }

        var (batch, batchScenes) = Minibatch(random);
        var past = batch[..observedSteps];
        var truth = TrajectoryGenerator.Displacements(batch);
        var k = hyperparameters.VarietySamples;
        var samples = SocialGanModel.Samples(generator, past, batchScenes, Noise(k * batchScenes.Count, random), k);   // [k, pred, N, 2]
        var variety = VarietyLoss.BestOfK(samples, truth[observedSteps..], batchScenes);
        Trainable.Set(discriminator, false);
        var scores = discriminator.forward(cat([truth[..observedSteps], samples[-1]], 0));
        var adversarial = functional.binary_cross_entropy_with_logits(scores, Targets(scores, 0.7, 1.2, random));
        var generatorLoss = adversarial + (hyperparameters.L2Weight * variety);
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        if (hyperparameters.GeneratorClipNorm > 0)
            nn.utils.clip_grad_norm_(generator.parameters(), hyperparameters.GeneratorClipNorm);
        generatorOptimizer.step();
        Trainable.Set(discriminator, true);

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [DiscriminatorLossName] = discriminatorLoss,
            [GeneratorLossName] = adversarial.item<float>(),
            [VarietyLossName] = variety.item<float>(),
        };
    }

    /// <summary>On the first <see cref="MaximumEvaluationWindows"/> held-out windows: <see cref="ForecastEvaluation"/>.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var noGrad = no_grad();
        generator.eval();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, EvaluationStream));
        return ForecastEvaluation.Evaluate(
            validation.Take(MaximumEvaluationWindows).ToList(), Architecture.ObservedSteps, Architecture.PredictedSteps, EvaluationBatchWindows, setup.Device,
            (observed, scenes, _) => observed[-1] + SocialGanModel.Samples(generator, observed, scenes, Noise(ForecastEvaluation.Samples * scenes.Count, random), ForecastEvaluation.Samples).cumsum(1));
    }

    /// <summary>Plots of held-out windows (the i-th seed's the i-th window) with five forecasts drawn from the seed and what happened.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        generator.eval();
        var plots = seeds.Select((seed, i) =>
        {
            var (positions, scenes) = TrajectoryWindows.Batch([validation[i % validation.Count]], Architecture.TotalSteps, setup.Device);
            var observed = positions[..Architecture.ObservedSteps];
            var noise = SeededNoise.Normal(unchecked((ulong)seed), [PreviewSamples, Architecture.NoiseDim]).to(setup.Device);
            var samples = SocialGanModel.Forecast(generator, observed, scenes, noise);
            return ForecastPlot.Draw(observed, samples, positions[Architecture.ObservedSteps..], SocialGanArchitecture.PlotSize);
        }).ToList();
        return stack(plots, 0).to_type(ScalarType.Float32) / 255;
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => SocialGanArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header and the generator's weights; <see cref="SocialGanFamily.LoadModel"/> reads them.</summary>
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
    }

    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    /// <returns>[obs + pred, N, 2] positions of <see cref="batchSize"/> windows drawn without replacement, and their scenes.</returns>
    private (Tensor Positions, SceneRanges Scenes) Minibatch(Generator random)
    {
        var chosen = randperm(train.Count, generator: random).narrow(0, 0, batchSize).data<long>().Select(i => train[(int)i]).ToList();
        return TrajectoryWindows.Batch(chosen, Architecture.TotalSteps, setup.Device);
    }

    /// <returns>[count, noise] z ~ N(0, I) on the run's device.</returns>
    private Tensor Noise(int count, Generator random) => randn(count, Architecture.NoiseDim, generator: random).to(setup.Device);

    private Tensor Targets(Tensor scores, double low, double high, Generator random) =>
        (rand(scores.shape, generator: random) * (high - low) + low).to(setup.Device);
}
