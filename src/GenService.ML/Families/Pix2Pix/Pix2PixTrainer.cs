using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// Trains D and G in turn on one minibatch of pairs, as the reference implementation does: G translates
/// the inputs once; D takes a step on (input, target) against (input, G(input)); then G takes a step on the
/// same translations. Every random draw of step t (the minibatch, each image's dropout seed) comes from a
/// generator seeded by (run seed, t), so a run resumed from a checkpoint replays exactly.
/// </summary>
/// <remarks>Pairs are made once, at construction, at the architecture's size: a pairs dataset's stored pairs
/// (<see cref="TrainingSetup.TrainPairs"/>) resized, a label-map dataset's painted maps and images
/// (<see cref="PaintedMapPairs"/>, maps resized by nearest neighbour), or pairs derived from an image dataset resized
/// (<see cref="DerivedPairs"/>); images are trained in [−1, 1], the range of G's tanh.</remarks>
public sealed class Pix2PixTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Pix2Pix.Checkpoint";
    public const string ModelMagic = "GenService.Pix2Pix.Model";

    /// <summary>The unweighted L1 term of G's loss, reported by <see cref="Step"/>.</summary>
    public const string L1LossName = "loss_l1";

    /// <summary>Enough for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationPairs = 512;

    /// <summary>Names of the held-out scores of the input itself (broadcast to the target's channels) as a
    /// translation: the baseline a model has to beat.</summary>
    public const string InputBaselinePrefix = "input_";

    private const int EvaluationBatchSize = 64;
    private const long InitialisationStream = -1;

    private readonly TrainingSetup setup;
    private readonly Pix2PixHyperparameters hyperparameters;
    private readonly ImagePairs train;
    private readonly ImagePairs validation;
    private readonly UnetGenerator generator;
    private readonly PatchGanDiscriminator discriminator;
    private readonly Pix2PixLoss loss;
    private readonly OptimizerHelper generatorOptimizer;
    private readonly OptimizerHelper discriminatorOptimizer;
    private readonly int batchSize;

    public Pix2PixTrainer(TrainingSetup setup)
    {
        var (datasetShape, trainCount, validationShape, validationCount) = Sizes(setup);
        if (Pix2PixArchitecture.Check(datasetShape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (trainCount == 0 || validationCount == 0)
            throw new ArgumentException("pix2pix needs at least one training and one validation pair.", nameof(setup));
        if (validationShape != datasetShape)
            throw new ArgumentException($"Validation images are {validationShape}, training images {datasetShape}.", nameof(setup));

        this.setup = setup;
        hyperparameters = Pix2PixHyperparameters.From(setup.Hyperparameters);
        var shape = Pix2PixArchitecture.OutputShape(datasetShape);
        if (setup.TrainPairs is { } trainPairs)
        {
            train = trainPairs.ResizedTo(shape.Height);
            validation = setup.ValidationPairs!.ResizedTo(shape.Height);
        }
        else if (setup.TrainLabelMaps is { } trainMaps)
        {
            using var resizedTrain = trainMaps.ResizedTo(shape.Height);
            using var resizedValidation = setup.ValidationLabelMaps!.ResizedTo(shape.Height);
            train = PaintedMapPairs.From(resizedTrain);
            validation = PaintedMapPairs.From(resizedValidation);
        }
        else
        {
            using var resized = new ResizedSplits(setup, shape);
            train = DerivedPairs.From(resized.Train, hyperparameters.Pairs);
            validation = DerivedPairs.From(resized.Validation, hyperparameters.Pairs);
        }
        var architecture = new Pix2PixArchitecture(train.InputShape.Channels, shape, hyperparameters.BaseChannels);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, train.Count);
        loss = new Pix2PixLoss(hyperparameters.L1Weight);
        generator = new UnetGenerator(architecture);
        discriminator = new PatchGanDiscriminator(architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            GaussianInitialisation.Apply(generator, random);
            GaussianInitialisation.Apply(discriminator, random);
        }
        generator.to(setup.Device);
        discriminator.to(setup.Device);
        generatorOptimizer = optim.Adam(generator.parameters(), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
    }

    public Pix2PixArchitecture Architecture => generator.Architecture;

    /// <returns>"loss_d" (halved), "loss_g" (the cGAN term), "loss_l1" (unweighted), and D's view of the
    /// minibatch (<see cref="ScoreMetrics"/>).</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        var stepSeed = SeededNoise.DeriveSeed(setup.Seed, step);
        using var random = new Generator(stepSeed);
        var indices = randperm(train.Count, generator: random).narrow(0, 0, batchSize);
        var (inputs, targets) = train.Batch(indices, setup.Device);
        inputs = Pix2PixModel.ToSigned(inputs);
        targets = Pix2PixModel.ToSigned(targets);
        var dropoutSeeds = Enumerable.Range(0, batchSize).Select(i => unchecked((long)SeededNoise.DeriveSeed(unchecked((long)stepSeed), i))).ToList();
        using var noise = DropoutNoise.FromSeeds(dropoutSeeds);
        var outputs = generator.forward(inputs, noise);

        var discriminatorTerms = loss.Discriminator(discriminator, inputs, targets, outputs);
        discriminatorOptimizer.zero_grad();
        discriminatorTerms.Loss.backward();
        discriminatorOptimizer.step();

        // G's step needs gradients through D, not for D's weights: freezing them saves that work.
        Trainable.Set(discriminator, false);
        var generatorTerms = loss.Generator(discriminator, inputs, targets, outputs);
        generatorOptimizer.zero_grad();
        generatorTerms.Loss.backward();
        generatorOptimizer.step();
        Trainable.Set(discriminator, true);

        var metrics = discriminatorTerms.Metrics();
        metrics[ScoreMetrics.GeneratorLossName] = generatorTerms.Adversarial.item<float>();
        metrics[L1LossName] = generatorTerms.L1.item<float>();
        return metrics;
    }

    /// <summary>The first <see cref="MaximumEvaluationPairs"/> held-out pairs translated with dropout seeds
    /// 0, 1, ... (their positions): "l1", "psnr", "ssim" against the targets, and the same scores of the inputs
    /// themselves ("input_l1", ...), which a useful model beats.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        var model = new TranslationScores();
        var baseline = new TranslationScores();
        var count = Math.Min(validation.Count, MaximumEvaluationPairs);
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            using var batchScope = NewDisposeScope();
            var size = Math.Min(EvaluationBatchSize, count - start);
            var (inputs, targets) = validation.Batch(arange(start, start + size, dtype: ScalarType.Int64), CPU);
            var seeds = Enumerable.Range(0, (int)size).Select(i => start + i).ToList();
            model.Add(Pix2PixModel.Translate(generator, inputs, seeds), targets);
            baseline.Add(inputs.expand_as(targets), targets);
        }
        var metrics = model.ToMetrics();
        foreach (var (name, value) in baseline.ToMetrics(InputBaselinePrefix))
            metrics[name] = value;
        return metrics;
    }

    /// <summary>For each seed s, one tile of input | translation | target, side by side: held-out pair
    /// s mod (held-out pairs) translated with dropout seed s. The loop's snapshot seeds 0, 1, ... so show
    /// the first held-out pairs, the same at every snapshot.</summary>
    /// <returns>[N, Cb, S, 3S] in [0, 1] on the CPU.</returns>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        generator.eval();
        var indices = tensor(seeds.Select(seed => ((seed % validation.Count) + validation.Count) % validation.Count).ToArray());
        var (inputs, targets) = validation.Batch(indices, CPU);
        var outputs = Pix2PixModel.Translate(generator, inputs, seeds);
        return cat([inputs.expand_as(targets), outputs, targets], 3).MoveToOuterDisposeScope();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => Pix2PixArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header and G's weights; <see cref="Pix2PixFamily.LoadModel"/> reads them.</summary>
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
        train.Dispose();
        validation.Dispose();
    }

    /// <summary>Both networks' weights (with batch norm statistics), then both optimisers' state.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    /// <summary>The target images' shape and count on each side of the split, of whichever data the setup holds.</summary>
    private static (ImageShape Train, long TrainCount, ImageShape Validation, long ValidationCount) Sizes(TrainingSetup setup)
    {
        if (setup.TrainPairs is { } trainPairs)
            return (trainPairs.TargetShape, trainPairs.Count, setup.ValidationPairs!.TargetShape, setup.ValidationPairs.Count);
        if (setup.TrainLabelMaps is { } trainMaps)
            return (ShapeOf(trainMaps.Images), trainMaps.Count, ShapeOf(setup.ValidationLabelMaps!.Images), setup.ValidationLabelMaps.Count);
        return (setup.Train.Shape, setup.Train.Count, setup.Validation.Shape, setup.Validation.Count);
    }

    private static ImageShape ShapeOf(Tensor images) => new((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
}
