using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// Trains StyleGAN: per step one discriminator update (with lazy R1) and one generator update, Adam for
/// both, then the generator's weight average. Every random draw of step t (minibatch, z, mixing, noise)
/// comes from a generator seeded by (run seed, t), so a run resumed from a checkpoint replays exactly.
/// Images whose size is not a power of two are resized up to the next one here, once per run.
/// </summary>
public sealed class StyleGanTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.StyleGan.Checkpoint";
    public const string ModelMagic = "GenService.StyleGan.Model";

    /// <summary>Enough for stable mean scores while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 256;

    /// <summary>StyleGAN2: Adam β1 = 0 (no momentum: the game's gradients turn too fast for it), β2 = 0.99.</summary>
    private const double AdamBeta1 = 0;
    private const double AdamBeta2 = 0.99;

    /// <summary>A multiple of the minibatch-deviation group, so every evaluation batch is grouped alike.</summary>
    private const int EvaluationBatchSize = 64;
    private const long InitialisationStream = -1;
    private const long EvaluationStream = -2;

    private readonly TrainingSetup setup;
    private readonly DatasetTensors train;
    private readonly DatasetTensors validation;
    private readonly bool ownsData;
    private readonly StyleGanGenerator generator;
    private readonly StyleGanGenerator average;
    private readonly StyleGanDiscriminator discriminator;
    private readonly StyleGanLoss loss;
    private readonly Adam generatorOptimizer;
    private readonly Adam discriminatorOptimizer;
    private readonly int batchSize;
    private readonly double averageHalfLifeImages;
    private readonly double averageRampUp;

    public StyleGanTrainer(TrainingSetup setup)
    {
        var shape = setup.Train.Shape;
        if (StyleGanArchitecture.CheckDataset(shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Train.Count == 0 || setup.Validation.Count == 0)
            throw new ArgumentException("StyleGAN needs at least one training and one validation image.", nameof(setup));
        if (setup.Validation.Shape != shape)
            throw new ArgumentException($"Validation images are {setup.Validation.Shape}, training images {shape}.", nameof(setup));

        this.setup = setup;
        var resolution = StyleGanArchitecture.ResolutionFor(shape.Height);
        ownsData = resolution != shape.Height;
        (train, validation) = ownsData
            ? (setup.Train.ResizedTo(resolution), setup.Validation.ResizedTo(resolution))
            : (setup.Train, setup.Validation);

        var hyperparameters = StyleGanHyperparameters.From(setup.Hyperparameters);
        var architecture = hyperparameters.Architecture(new ImageShape(shape.Channels, resolution, resolution));
        generator = new StyleGanGenerator(architecture);
        average = new StyleGanGenerator(architecture);
        discriminator = new StyleGanDiscriminator(architecture, hyperparameters.MinibatchGroupSize);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            generator.ResetParameters(random);
            discriminator.ResetParameters(random);
        }
        CopyWeights(generator, average);
        generator.to(setup.Device);
        average.to(setup.Device);
        discriminator.to(setup.Device);

        batchSize = (int)Math.Min(hyperparameters.BatchSize, train.Count);
        (averageHalfLifeImages, averageRampUp) = (hyperparameters.EmaHalfLifeImages, hyperparameters.EmaRampUp);
        loss = new StyleGanLoss(generator, discriminator, hyperparameters.R1Gamma, hyperparameters.R1Interval, hyperparameters.StyleMixingProbability);
        generatorOptimizer = optim.Adam(generator.parameters(), hyperparameters.LearningRate, AdamBeta1, AdamBeta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), hyperparameters.LearningRate, AdamBeta1, AdamBeta2);
    }

    public StyleGanArchitecture Architecture => generator.Architecture;

    internal StyleGanGenerator Generator => generator;

    internal StyleGanGenerator AverageGenerator => average;

    internal StyleGanDiscriminator Discriminator => discriminator;

    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        var indices = randperm(train.Count, generator: random).narrow(0, 0, batchSize);
        var real = train.Batch(indices, setup.Device).mul_(2).sub_(1);                    // [N, C, R, R] in [−1, 1]

        discriminatorOptimizer.zero_grad();
        var terms = loss.AccumulateDiscriminatorGradients(real, random, loss.RegularisesAt(step));
        discriminatorOptimizer.step();

        generatorOptimizer.zero_grad();
        var generatorLoss = loss.AccumulateGeneratorGradients(batchSize, random);
        generatorOptimizer.step();

        ExponentialMovingAverage.Update(average, generator, AverageBetaAt(step));

        var losses = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss_d"] = terms.Loss,
            ["loss_g"] = generatorLoss,
            ["d_real"] = terms.RealScore,
            ["d_fake"] = terms.FakeScore,
        };
        if (terms.R1 is { } r1)
            losses["r1"] = r1;
        return losses;
    }

    /// <summary>The average's β after step <paramref name="step"/>: a function of the step, so a resumed run averages
    /// as an uninterrupted one. The images seen are counted before this step's, as StyleGAN2-ADA counts them, so with a
    /// ramp-up the first step copies the generator.</summary>
    internal double AverageBetaAt(long step) => ExponentialMovingAverage.BetaForHalfLife(
        batchSize, ExponentialMovingAverage.RampedHalfLife(averageHalfLifeImages, averageRampUp, step * batchSize));

    /// <summary>
    /// D's mean logit on held-out and on training images, and on images of the averaged generator (fixed
    /// draws, so the curves move only when the weights do), with D's accuracy on held-out real vs averaged
    /// fake. A held-out score falling below the training score is D memorising the training set (the
    /// overfitting signal of StyleGAN2-ADA).
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var count = (int)Math.Min(validation.Count, MaximumEvaluationImages);
        var heldOut = Scores(validation, count);
        var training = Scores(train, (int)Math.Min(train.Count, count));
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, EvaluationStream));
        var fakes = cat(Chunks(count).Select(size =>
        {
            var w = average.Mapping.forward(randn([size, Architecture.WDim], generator: random).to(setup.Device));
            return discriminator.forward(average.forward(average.Broadcast(w), average.DrawNoise(size, random)));
        }).ToArray());
        var correct = heldOut.gt(0).sum().item<long>() + fakes.lt(0).sum().item<long>();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["d_real_heldout"] = heldOut.mean().item<float>(),
            ["d_real_train"] = training.mean().item<float>(),
            ["d_fake_average"] = fakes.mean().item<float>(),
            ["d_accuracy"] = (double)correct / (2 * count),
        };
    }

    /// <summary>The averaged generator's images of the seeds at ψ = 1, as <see cref="StyleGanModel.Sample(IReadOnlyList{long})"/> draws them.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds) => average.Sample(seeds, truncation: 1);

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => StyleGanArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header and the averaged generator (mapping network with w̄, synthesis network):
    /// all inference uses the average; <see cref="StyleGanFamily.LoadModel"/> reads it.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        average.save(writer);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        average.Dispose();
        discriminator.Dispose();
        if (ownsData)
        {
            train.Dispose();
            validation.Dispose();
        }
    }

    /// <summary>Live generator, averaged generator (with w̄) and discriminator; then both Adams' moments and step counts.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("average generator", average),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    /// <returns>D's logits on the first <paramref name="count"/> images, [count].</returns>
    private Tensor Scores(DatasetTensors images, int count) =>
        cat(Chunks(count).Select((size, chunk) =>
        {
            var indices = arange(chunk * EvaluationBatchSize, chunk * EvaluationBatchSize + size, dtype: ScalarType.Int64);
            return discriminator.forward(images.Batch(indices, setup.Device).mul_(2).sub_(1));
        }).ToArray());

    private static IEnumerable<int> Chunks(int count) =>
        Enumerable.Range(0, (count + EvaluationBatchSize - 1) / EvaluationBatchSize)
            .Select(chunk => Math.Min(EvaluationBatchSize, count - chunk * EvaluationBatchSize));

    private static void CopyWeights(StyleGanGenerator source, StyleGanGenerator target)
    {
        using var noGrad = no_grad();
        foreach (var ((_, to), (_, from)) in target.named_parameters().Zip(source.named_parameters()))
            to.copy_(from);
        foreach (var ((_, to), (_, from)) in target.named_buffers().Zip(source.named_buffers()))
            to.copy_(from);
    }
}
