using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// Trains CycleGAN's two generators, then its two discriminators, on one minibatch of each domain per step, as the
/// reference implementation's cycle_gan_model does: G_AB and G_BA translate both minibatches and back; both generators
/// take one Adam step on the adversarial, cycle and identity terms; then each discriminator takes one on its domain's
/// real images against translations drawn through its <see cref="ImagePool"/>. Every random draw of step t (both
/// minibatches, the pools' swaps) comes from a generator seeded by (run seed, t) and the pools are checkpointed, so a
/// run resumed from a checkpoint replays exactly.
/// </summary>
/// <remarks>Both domains come from the run's images by label (<see cref="UnpairedDomains"/>), at the architecture's size,
/// and are trained in [−1, 1], the range of G's tanh.</remarks>
public sealed class CycleGanTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.CycleGan.Checkpoint";
    public const string ModelMagic = "GenService.CycleGan.Model";

    /// <summary>Both unweighted cycle-consistency L1 terms, summed, reported by <see cref="Step"/>.</summary>
    public const string CycleLossName = "loss_cycle";

    /// <summary>Both unweighted identity L1 terms, summed.</summary>
    public const string IdentityLossName = "loss_identity";

    /// <summary>The step size used by the step, after the schedule.</summary>
    public const string LearningRateName = "learning_rate";

    /// <summary>Held-out images per domain that <see cref="Evaluate"/> reads: a stable estimate, a small share of a run.</summary>
    public const int MaximumEvaluationImages = 256;

    private const int EvaluationBatchSize = 64;
    private const long InitialisationStream = -1;

    private readonly TrainingSetup setup;
    private readonly CycleGanHyperparameters hyperparameters;
    private readonly UnpairedDomains train;
    private readonly UnpairedDomains validation;
    private readonly ResnetGenerator aToB;
    private readonly ResnetGenerator bToA;
    private readonly CycleGanDiscriminator discriminatorA;
    private readonly CycleGanDiscriminator discriminatorB;
    private readonly ImagePool poolA;
    private readonly ImagePool poolB;
    private readonly CycleGanLoss loss;
    private readonly Adam generatorOptimizer;
    private readonly Adam discriminatorOptimizer;
    private readonly int batchSize;

    public CycleGanTrainer(TrainingSetup setup)
    {
        if (CycleGanArchitecture.Check(setup.Train.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Validation.Shape != setup.Train.Shape)
            throw new ArgumentException($"Validation images are {setup.Validation.Shape}, training images {setup.Train.Shape}.", nameof(setup));

        this.setup = setup;
        hyperparameters = CycleGanHyperparameters.From(setup.Hyperparameters);
        var shape = CycleGanArchitecture.OutputShape(setup.Train.Shape);
        using (var resized = new ResizedSplits(setup, shape))
        {
            train = UnpairedDomains.Split(resized.Train, hyperparameters.DomainALabel, hyperparameters.DomainBLabel);
            validation = UnpairedDomains.Split(resized.Validation, hyperparameters.DomainALabel, hyperparameters.DomainBLabel);
        }
        if (train.Problem(setup.Train.Classes, hyperparameters.DomainALabel, hyperparameters.DomainBLabel) is { } empty)
        {
            train.Dispose();
            validation.Dispose();
            throw new ArgumentException(empty, nameof(setup));
        }

        Architecture = new CycleGanArchitecture(shape, hyperparameters.BaseChannels, hyperparameters.ResidualBlocks);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, Math.Min(train.A.Count, train.B.Count));
        loss = new CycleGanLoss(hyperparameters.CycleWeight, hyperparameters.IdentityWeight);
        aToB = new ResnetGenerator(Architecture);
        bToA = new ResnetGenerator(Architecture);
        discriminatorA = new CycleGanDiscriminator(Architecture);
        discriminatorB = new CycleGanDiscriminator(Architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            foreach (var network in Networks())
                GaussianInitialisation.Apply(network, random);
        }
        foreach (var network in Networks())
            network.to(setup.Device);
        poolA = new ImagePool(hyperparameters.PoolSize);
        poolB = new ImagePool(hyperparameters.PoolSize);
        // One optimiser over both generators and one over both discriminators, as the reference chains their parameters.
        generatorOptimizer = optim.Adam(aToB.parameters().Concat(bToA.parameters()), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
        discriminatorOptimizer = optim.Adam(discriminatorA.parameters().Concat(discriminatorB.parameters()), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
    }

    public CycleGanArchitecture Architecture { get; }

    /// <returns>"loss_d" (both discriminators, each halved), "loss_g" (both adversarial terms), "loss_cycle" and
    /// "loss_identity" (unweighted), and the step's "learning_rate".</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        var stepSeed = SeededNoise.DeriveSeed(setup.Seed, step);
        using var random = new Generator(stepSeed);
        var realA = Minibatch(train.A, random);
        var realB = Minibatch(train.B, random);
        var rate = hyperparameters.LearningRate * LinearDecaySchedule.Factor(step, hyperparameters.Steps);
        SetLearningRate(generatorOptimizer, rate);
        SetLearningRate(discriminatorOptimizer, rate);

        var translations = CycleGanLoss.Translate(aToB, bToA, realA, realB);
        // G's step needs gradients through the discriminators, not for their weights: freezing them saves that work.
        Trainable.Set(discriminatorA, false);
        Trainable.Set(discriminatorB, false);
        var generatorTerms = loss.Generator(aToB, bToA, discriminatorA, discriminatorB, realA, realB, translations);
        generatorOptimizer.zero_grad();
        generatorTerms.Loss.backward();
        generatorOptimizer.step();
        Trainable.Set(discriminatorA, true);
        Trainable.Set(discriminatorB, true);

        var lossA = loss.Discriminator(discriminatorA, realA, poolA.Query(translations.FakeA, random));
        var lossB = loss.Discriminator(discriminatorB, realB, poolB.Query(translations.FakeB, random));
        discriminatorOptimizer.zero_grad();
        (lossA + lossB).backward();
        discriminatorOptimizer.step();

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ScoreMetrics.DiscriminatorLossName] = (lossA + lossB).item<float>(),
            [ScoreMetrics.GeneratorLossName] = generatorTerms.Adversarial.item<float>(),
            [CycleLossName] = generatorTerms.Cycle.item<float>(),
            [IdentityLossName] = generatorTerms.Identity.item<float>(),
            [LearningRateName] = rate,
        };
    }

    /// <summary>Round trips of the first <see cref="MaximumEvaluationImages"/> held-out images of each domain that has
    /// some: "cycle_l1_a" and "cycle_psnr_a" of A → B → A against A, the same for B.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (domain, images, direction) in new[] { ("a", validation.A, TranslationDirection.AToB), ("b", validation.B, TranslationDirection.BToA) })
        {
            var count = Math.Min(images.Count, MaximumEvaluationImages);
            if (count == 0)
                continue;
            var l1 = 0.0;
            var psnrs = new List<double>();
            for (long start = 0; start < count; start += EvaluationBatchSize)
            {
                using var batchScope = NewDisposeScope();
                var originals = images.Batch(arange(start, Math.Min(start + EvaluationBatchSize, count), dtype: ScalarType.Int64), CPU);
                var roundTrips = CycleGanModel.Translate(aToB, bToA, originals, direction, roundTrip: true);
                l1 += (roundTrips - originals).abs().flatten(1).mean([1]).sum().to_type(ScalarType.Float64).item<double>();
                psnrs.AddRange(Psnr.PerImage(roundTrips, originals).Where(double.IsFinite));
            }
            metrics[$"cycle_l1_{domain}"] = l1 / count;
            if (psnrs.Count > 0)
                metrics[$"cycle_psnr_{domain}"] = psnrs.Average();
        }
        return metrics;
    }

    /// <summary>For each seed s, one tile a | G_AB(a) | b | G_BA(b): held-out images s mod (their count) of each domain,
    /// or training images where a domain has none held out. The loop's snapshot seeds 0, 1, ... so show the same
    /// images at every snapshot.</summary>
    /// <returns>[N, C, S, 4S] in [0, 1] on the CPU.</returns>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = PreviewImages(validation.A.Count > 0 ? validation.A : train.A, seeds);
        var b = PreviewImages(validation.B.Count > 0 ? validation.B : train.B, seeds);
        var toB = CycleGanModel.Translate(aToB, bToA, a, TranslationDirection.AToB, roundTrip: false);
        var toA = CycleGanModel.Translate(aToB, bToA, b, TranslationDirection.BToA, roundTrip: false);
        return cat([a, toB, b, toA], 3).MoveToOuterDisposeScope();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => CycleGanArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header, then G_AB's and G_BA's weights; <see cref="CycleGanFamily.LoadModel"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        aToB.save(writer);
        bToA.save(writer);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        foreach (var network in Networks())
            network.Dispose();
        poolA.Dispose();
        poolB.Dispose();
        train.Dispose();
        validation.Dispose();
    }

    private nn.Module[] Networks() => [aToB, bToA, discriminatorA, discriminatorB];

    /// <returns>[batch, C, S, S] in [−1, 1] on the run's device: a random draw of the domain's images.</returns>
    private Tensor Minibatch(DatasetTensors domain, Generator random)
    {
        var indices = randperm(domain.Count, generator: random).narrow(0, 0, batchSize);
        return CycleGanModel.ToSigned(domain.Batch(indices, setup.Device));
    }

    private static Tensor PreviewImages(DatasetTensors domain, IReadOnlyList<long> seeds) =>
        domain.Batch(tensor(seeds.Select(seed => ((seed % domain.Count) + domain.Count) % domain.Count).ToArray()), CPU);

    /// <summary>All four networks' weights, both optimisers' state, then both pools' images.</summary>
    private CheckpointPart[] CheckpointParts()
    {
        var imageShape = Architecture.Shape.AsBatch(1)[1..];
        return
        [
            CheckpointPart.Module("generator a to b", aToB),
            CheckpointPart.Module("generator b to a", bToA),
            CheckpointPart.Module("discriminator a", discriminatorA),
            CheckpointPart.Module("discriminator b", discriminatorB),
            CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
            CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
            new CheckpointPart("image pool a", poolA.Save, reader => poolA.Load(reader, imageShape, setup.Device)),
            new CheckpointPart("image pool b", poolB.Save, reader => poolB.Load(reader, imageShape, setup.Device)),
        ];
    }

    /// <summary>A function of the step, so a resumed run needs no schedule state.</summary>
    private static void SetLearningRate(Adam adam, double rate)
    {
        foreach (var group in adam.ParamGroups)
            group.LearningRate = rate;
    }
}
