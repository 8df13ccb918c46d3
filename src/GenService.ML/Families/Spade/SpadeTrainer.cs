using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>
/// Trains SPADE's VAE variant as the reference implementation's trainer does: each step the encoder and generator take
/// a step on one minibatch (hinge, feature matching, KL), then the discriminators take one on the same maps with the
/// same generated images. Two Adam optimisers with the two time-scale learning rates: one for the generator with the
/// encoder, one for the discriminators. Every random draw of step t (the minibatch, the reparameterisation noise)
/// comes from a generator seeded by (run seed, t), so a run resumed from a checkpoint replays exactly.
/// </summary>
/// <remarks>The images and maps are resized once, at construction, to the architecture's size (maps by nearest
/// neighbour); images are trained in [−1, 1], the range of the generator's tanh. The reference draws the
/// discriminator's fakes again after the generator's step; reusing the generator step's saves a forward pass on a CPU.</remarks>
public sealed class SpadeTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Spade.Checkpoint";
    public const string ModelMagic = "GenService.Spade.Model";

    /// <summary>The unweighted feature-matching term of the generator's loss, reported by <see cref="Step"/>.</summary>
    public const string FeatureMatchingLossName = "loss_feature_matching";

    /// <summary>The unweighted KL term, per image.</summary>
    public const string KlLossName = "loss_kl";

    /// <summary>Mean hinge scores of the finest discriminator on real and generated images: above +1 and below −1 once it
    /// separates them.</summary>
    public const string RealScoreName = "d_real_score";
    public const string FakeScoreName = "d_fake_score";

    /// <summary>Held-out mean L1 per pixel between an image and its map rendered in its own style (z = μ of the image).</summary>
    public const string OwnStyleL1Name = "l1_own_style";

    /// <summary>Enough for a stable estimate while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 256;

    private const int EvaluationBatchSize = 32;
    private const long InitialisationStream = -1;

    private readonly TrainingSetup setup;
    private readonly LabelMapSet train;
    private readonly LabelMapSet validation;
    private readonly SpadeGenerator generator;
    private readonly StyleEncoder encoder;
    private readonly MultiscaleDiscriminator discriminator;
    private readonly SpadeLoss loss;
    private readonly OptimizerHelper generatorOptimizer;
    private readonly OptimizerHelper discriminatorOptimizer;
    private readonly int batchSize;

    public SpadeTrainer(TrainingSetup setup)
    {
        if (setup.TrainLabelMaps is not { } trainMaps || setup.ValidationLabelMaps is not { } validationMaps)
            throw new ArgumentException("SPADE trains on label-map datasets.", nameof(setup));
        var datasetShape = ShapeOf(trainMaps);
        if (SpadeArchitecture.Check(datasetShape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (trainMaps.Count == 0 || validationMaps.Count == 0)
            throw new ArgumentException("SPADE needs at least one training and one validation image.", nameof(setup));
        if (ShapeOf(validationMaps) != datasetShape)
            throw new ArgumentException($"Validation images are {ShapeOf(validationMaps)}, training images {datasetShape}.", nameof(setup));

        this.setup = setup;
        var hyperparameters = SpadeHyperparameters.From(setup.Hyperparameters);
        var shape = SpadeArchitecture.OutputShape(datasetShape);
        train = trainMaps.ResizedTo(shape.Height);
        validation = validationMaps.ResizedTo(shape.Height);
        var classIndices = trainMaps.Classes.Select(c => c.Index).Where(index => index != trainMaps.DontCareIndex);
        var architecture = new SpadeArchitecture(
            SpadeArchitecture.LabelChannelsFor(classIndices), trainMaps.DontCareIndex, shape, hyperparameters.Channels,
            hyperparameters.SpadeHidden, hyperparameters.LatentDimension, hyperparameters.Normalisation);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, train.Count);
        loss = new SpadeLoss(hyperparameters.FeatureMatchingWeight, hyperparameters.KlWeight);
        generator = new SpadeGenerator(architecture);
        encoder = new StyleEncoder(architecture);
        discriminator = new MultiscaleDiscriminator(architecture);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            SpadeInitialisation.Apply(generator, random);
            SpadeInitialisation.Apply(encoder, random);
            SpadeInitialisation.Apply(discriminator, random);
        }
        generator.to(setup.Device);
        encoder.to(setup.Device);
        discriminator.to(setup.Device);
        var (beta1, beta2) = (hyperparameters.Beta1, hyperparameters.Beta2);
        generatorOptimizer = optim.Adam(generator.parameters().Concat(encoder.parameters()), hyperparameters.GeneratorLearningRate, beta1, beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), hyperparameters.DiscriminatorLearningRate, beta1, beta2);
    }

    public SpadeArchitecture Architecture => generator.Architecture;

    /// <returns>"loss_d", "loss_g" (the adversarial term), <see cref="FeatureMatchingLossName"/>, <see cref="KlLossName"/>,
    /// <see cref="RealScoreName"/> and <see cref="FakeScoreName"/>.</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        generator.train();
        encoder.train();
        discriminator.train();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        var indices = randperm(train.Count, generator: random).narrow(0, 0, batchSize);
        var (labels, images) = Batch(train, indices, setup.Device);
        var noise = randn([batchSize, Architecture.LatentDimension], generator: random).to(setup.Device);

        var (mean, logVariance) = encoder.forward(images);
        var generated = generator.forward(StyleEncoder.Reparameterise(mean, logVariance, noise), labels);
        // G's step needs gradients through D, not for D's weights: freezing them saves that work.
        Trainable.Set(discriminator, false);
        IReadOnlyList<IReadOnlyList<Tensor>> realFeatures;
        using (no_grad())
            realFeatures = discriminator.forward(labels, images);
        var generatorTerms = loss.Generator(realFeatures, discriminator.forward(labels, generated), mean, logVariance);
        generatorOptimizer.zero_grad();
        generatorTerms.Loss.backward();
        generatorOptimizer.step();
        Trainable.Set(discriminator, true);

        var discriminatorTerms = SpadeLoss.Discriminator(discriminator.forward(labels, images), discriminator.forward(labels, generated.detach()));
        discriminatorOptimizer.zero_grad();
        discriminatorTerms.Loss.backward();
        discriminatorOptimizer.step();

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ScoreMetrics.DiscriminatorLossName] = discriminatorTerms.Loss.item<float>(),
            [ScoreMetrics.GeneratorLossName] = generatorTerms.Adversarial.item<float>(),
            [FeatureMatchingLossName] = generatorTerms.FeatureMatching.item<float>(),
            [KlLossName] = generatorTerms.Kl.item<float>() / batchSize,
            [RealScoreName] = discriminatorTerms.RealScores.mean().item<float>(),
            [FakeScoreName] = discriminatorTerms.FakeScores.mean().item<float>(),
        };
    }

    /// <summary>The first <see cref="MaximumEvaluationImages"/> held-out maps rendered in their own images' styles
    /// (z = μ, no noise): <see cref="OwnStyleL1Name"/> against those images, and the KL per image.</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        encoder.eval();
        var count = Math.Min(validation.Count, MaximumEvaluationImages);
        var (l1Sum, klSum) = (0.0, 0.0);
        for (long start = 0; start < count; start += EvaluationBatchSize)
        {
            using var batchScope = NewDisposeScope();
            var size = Math.Min(EvaluationBatchSize, count - start);
            var (labels, images) = Batch(validation, arange(start, start + size, dtype: ScalarType.Int64), setup.Device);
            var (mean, logVariance) = encoder.forward(images);
            var rendered = generator.forward(mean, labels);
            l1Sum += ((rendered - images).abs().flatten(1).mean([1]).sum() / 2).to_type(ScalarType.Float64).item<double>();   // /2: in [0, 1] units
            klSum += SpadeLoss.KlDivergence(mean, logVariance).to_type(ScalarType.Float64).item<double>();
        }
        return new Dictionary<string, double>(StringComparer.Ordinal) { [OwnStyleL1Name] = l1Sum / count, [KlLossName] = klSum / count };
    }

    /// <summary>For each seed s, one tile of held-out item s mod (held-out count): its map painted in the classes'
    /// colours | the map in seed s's random style | the map in the image's own style | the image. The loop's snapshot
    /// seeds 0, 1, ... so show the first held-out items, the same at every snapshot.</summary>
    /// <returns>[N, 3, S, 4S] in [0, 1] on the CPU.</returns>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        generator.eval();
        encoder.eval();
        var indices = tensor(seeds.Select(seed => ((seed % validation.Count) + validation.Count) % validation.Count).ToArray());
        var maps = validation.Maps.index_select(0, indices);
        var images = validation.Images.index_select(0, indices).to_type(ScalarType.Float32).div_(255f);
        var painted = LabelMapPalette.Paint(maps, validation.Classes, validation.DontCareIndex).to_type(ScalarType.Float32).div_(255f);
        var randomStyle = SpadeModel.Render(generator, encoder, maps, null, seeds);
        var ownStyle = SpadeModel.Render(generator, encoder, maps, images, seeds);
        Tensor Rgb(Tensor tiles) => tiles.expand(-1, 3, -1, -1);
        return cat([painted, Rgb(randomStyle), Rgb(ownStyle), Rgb(images)], 3).MoveToOuterDisposeScope();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => SpadeArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header, then the generator's and the encoder's weights; <see cref="SpadeFamily.LoadModel"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        generator.save(writer);
        encoder.save(writer);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        encoder.Dispose();
        discriminator.Dispose();
        train.Dispose();
        validation.Dispose();
    }

    /// <summary>The items' one-hot maps and their images in [−1, 1], on the device.</summary>
    private (Tensor Labels, Tensor Images) Batch(LabelMapSet set, Tensor indices, Device device)
    {
        using var scope = NewDisposeScope();
        var labels = OneHotLabels.From(set.Maps.index_select(0, indices), Architecture.LabelChannels, Architecture.DontCareIndex).to(device);
        var images = SpadeModel.ToSigned(set.Images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(255f));
        return (labels.MoveToOuterDisposeScope(), images.MoveToOuterDisposeScope());
    }

    /// <summary>Every network's weights (with batch norm statistics and spectral-norm vectors), then both optimisers' state.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("encoder", encoder),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];

    private static ImageShape ShapeOf(LabelMapSet set) =>
        new((int)set.Images.shape[1], (int)set.Images.shape[2], (int)set.Images.shape[3]);
}
