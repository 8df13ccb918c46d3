using System.Text;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Text;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// Trains the text encoder, then stage I, then stage II (<see cref="TextGanHyperparameters.PhaseAt"/>). A GAN step is
/// one step of the stage's D on GAN-CLS's three pairs (<see cref="MatchingAwareLoss"/>) and one of its G on the
/// matched text, the KL term of conditioning augmentation, the matching term through the fixed image encoder, and
/// GAN-INT's interpolated text. Every random draw of step t
/// (minibatch, captions, z, ε) comes from a generator seeded by (run seed, t), so a resumed run replays exactly.
/// </summary>
/// <remarks>Images are trained in [−1, 1]; datasets are resized once to stage I's size (<see cref="GanResolution"/>) and
/// to twice it. The vocabulary is built from the training captions, so the same captions give the same table.</remarks>
public sealed class TextGanTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.TextGan.Checkpoint";
    public const string ModelMagic = "GenService.TextGan.Model";

    /// <summary>Held-out images the joint embedding is measured on: the retrieval rank of one among this many.</summary>
    public const int EvaluationImages = 64;

    private const long InitialisationStream = -1;

    private readonly TrainingSetup setup;
    private readonly TextGanHyperparameters hyperparameters;
    private readonly TextGanGenerator generator;
    private readonly ImageEncoder imageEncoder;
    private readonly TextConditionedDiscriminator stageOneDiscriminator;
    private readonly TextConditionedDiscriminator stageTwoDiscriminator;
    private readonly ResizedSplits stageOneData;
    private readonly DatasetTensors stageTwoTrain;
    private readonly TokenizedCaptions trainCaptions;
    private readonly TokenizedCaptions heldOutCaptions;
    private readonly OptimizerHelper embeddingOptimizer;
    private readonly OptimizerHelper stageOneGeneratorOptimizer;
    private readonly OptimizerHelper stageOneDiscriminatorOptimizer;
    private readonly OptimizerHelper stageTwoGeneratorOptimizer;
    private readonly OptimizerHelper stageTwoDiscriminatorOptimizer;
    private readonly int batchSize;
    private TextToImageStage previewStage = TextToImageStage.I;

    public TextGanTrainer(TrainingSetup setup)
    {
        if (setup.TrainCaptions is null || setup.ValidationCaptions is null)
            throw new ArgumentException("The text GAN trains on a captions dataset.", nameof(setup));
        if (TextGanArchitecture.Check(TextGanArchitecture.StageOneShape(setup.Train.Shape)) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        if (setup.Train.Count == 0 || setup.Validation.Count == 0)
            throw new ArgumentException("The text GAN needs at least one training and one held-out image.", nameof(setup));

        this.setup = setup;
        hyperparameters = TextGanHyperparameters.From(setup.Hyperparameters);
        Vocabulary = CaptionVocabulary.Build(setup.TrainCaptions.Items.SelectMany(item => item.Captions));
        var architecture = new TextGanArchitecture(
            TextGanArchitecture.StageOneShape(setup.Train.Shape), Vocabulary.Count, TextGanHyperparameters.TokenDim, TextGanHyperparameters.HiddenDim,
            hyperparameters.TextDim, hyperparameters.ConditionDim, hyperparameters.LatentDim, hyperparameters.BaseChannels, hyperparameters.StageTwoChannels);
        stageOneData = new ResizedSplits(setup, architecture.Shape);
        stageTwoTrain = setup.Train.ResizedTo(architecture.StageTwoShape.Height);
        trainCaptions = new TokenizedCaptions(setup.TrainCaptions, Vocabulary);
        heldOutCaptions = new TokenizedCaptions(setup.ValidationCaptions, Vocabulary);
        batchSize = (int)Math.Min(hyperparameters.BatchSize, setup.Train.Count);

        generator = new TextGanGenerator(architecture);
        imageEncoder = new ImageEncoder(architecture.Shape, architecture.BaseChannels, architecture.TextDim);
        stageOneDiscriminator = new TextConditionedDiscriminator(architecture.Shape, architecture.BaseChannels, architecture.TextDim, architecture.ConditionDim);
        stageTwoDiscriminator = new TextConditionedDiscriminator(architecture.StageTwoShape, architecture.StageTwoChannels, architecture.TextDim, architecture.ConditionDim);
        using (var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            foreach (var network in new nn.Module[] { generator, imageEncoder, stageOneDiscriminator, stageTwoDiscriminator })
            {
                DefaultInitialisation.Apply(network, random);
                GaussianInitialisation.Apply(network, random);
            }
            generator.Text.Initialise(random);
        }
        foreach (var network in new nn.Module[] { generator, imageEncoder, stageOneDiscriminator, stageTwoDiscriminator })
            network.to(setup.Device);
        embeddingOptimizer = CreateOptimizer(generator.TextParameters.Concat(imageEncoder.parameters()));
        stageOneGeneratorOptimizer = CreateOptimizer(generator.StageParameters(TextToImageStage.I));
        stageOneDiscriminatorOptimizer = CreateOptimizer(stageOneDiscriminator.parameters());
        stageTwoGeneratorOptimizer = CreateOptimizer(generator.StageParameters(TextToImageStage.II));
        stageTwoDiscriminatorOptimizer = CreateOptimizer(stageTwoDiscriminator.parameters());
    }

    public TextGanArchitecture Architecture => generator.Architecture;

    /// <summary>The training captions' tokens, stored with the model.</summary>
    public CaptionVocabulary Vocabulary { get; }

    /// <returns>"loss_embedding" in the text encoder's phase; in a stage's, "loss_d", "loss_g", "loss_kl" and D's mean
    /// probabilities of the three pairs, "d_real", "d_wrong" and "d_fake".</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(SeededNoise.DeriveSeed(setup.Seed, step));
        var positions = randperm(setup.Train.Count, generator: random).narrow(0, 0, batchSize);
        var tokens = trainCaptions.Batch(positions, random, setup.Device);
        if (hyperparameters.PhaseAt(step) is not { } stage)
            return EmbeddingStep(positions, TokenizedCaptions.WithWordsDropped(tokens, hyperparameters.WordDropout, random));
        previewStage = stage;
        return AdversarialStep(stage, positions, tokens, random);
    }

    /// <summary>The joint embedding on the first <see cref="EvaluationImages"/> held-out images and their first captions:
    /// its loss, and the share of captions whose own image is the nearest ("retrieval_top1", chance 1 / the images).</summary>
    public IReadOnlyDictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        imageEncoder.eval();
        var positions = arange(Math.Min(setup.Validation.Count, EvaluationImages), dtype: ScalarType.Int64);
        var images = imageEncoder.forward(ToSigned(stageOneData.Validation.Batch(positions, setup.Device)));
        var texts = generator.Text.forward(heldOutCaptions.First(positions, setup.Device));
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss_embedding"] = JointEmbeddingLoss.Loss(images, texts, stageOneData.Validation.Labels?.index_select(0, positions).to(setup.Device)).item<float>(),
            ["retrieval_top1"] = JointEmbeddingLoss.TextToImageAccuracy(images, texts),
        };
    }

    /// <summary>The held-out images' first captions in turn, one a seed, drawn by the stage trained last; stage I's
    /// images enlarged to stage II's size, so every snapshot of a run has one size. Drawn with the condition's mean, as
    /// the exported model draws, so a run's snapshots show what its model will draw.</summary>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        generator.eval();
        var positions = tensor(Enumerable.Range(0, seeds.Count).Select(i => (long)(i % setup.Validation.Count)).ToArray());
        var embeddings = generator.Text.forward(heldOutCaptions.First(positions, setup.Device));
        var images = TextGanModel.ToUnitRange(generator.Draw(previewStage, embeddings, TextGanModel.Noise(seeds, generator.NoiseDim).to(setup.Device), ConditionDraw.Mean).Images);
        if (previewStage == TextToImageStage.I)
            images = nn.functional.interpolate(images, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
        return images.cpu().MoveToOuterDisposeScope();
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => TextGanArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    /// <summary>Architecture header, the vocabulary, then the text encoder's and both stages' weights, then the image
    /// encoder's (for the evaluation's retrieval score); <see cref="TextGanFamily.LoadModel"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        using (var vocabulary = new MemoryStream())
        {
            Vocabulary.Save(vocabulary);
            writer.Write((int)vocabulary.Length);
            writer.Write(vocabulary.GetBuffer(), 0, (int)vocabulary.Length);
        }
        generator.save(writer);
        imageEncoder.save(writer);
    }

    public void Dispose()
    {
        foreach (var optimizer in new[] { embeddingOptimizer, stageOneGeneratorOptimizer, stageOneDiscriminatorOptimizer, stageTwoGeneratorOptimizer, stageTwoDiscriminatorOptimizer })
            optimizer.Dispose();
        generator.Dispose();
        imageEncoder.Dispose();
        stageOneDiscriminator.Dispose();
        stageTwoDiscriminator.Dispose();
        stageTwoTrain.Dispose();
        stageOneData.Dispose();
    }

    private Dictionary<string, double> EmbeddingStep(Tensor positions, Tensor tokens)
    {
        generator.train();
        imageEncoder.train();
        Trainable.Set(imageEncoder, true);
        var images = ToSigned(stageOneData.Train.Batch(positions, setup.Device));
        var labels = stageOneData.Train.Labels?.index_select(0, positions).to(setup.Device);
        var loss = JointEmbeddingLoss.Loss(imageEncoder.forward(images), generator.Text.forward(tokens), labels);
        embeddingOptimizer.zero_grad();
        loss.backward();
        embeddingOptimizer.step();
        return new Dictionary<string, double>(StringComparer.Ordinal) { ["loss_embedding"] = loss.item<float>() };
    }

    private Dictionary<string, double> AdversarialStep(TextToImageStage stage, Tensor positions, Tensor tokens, Generator random)
    {
        var (discriminator, discriminatorOptimizer, generatorOptimizer, data) = stage == TextToImageStage.I
            ? (stageOneDiscriminator, stageOneDiscriminatorOptimizer, stageOneGeneratorOptimizer, stageOneData.Train)
            : (stageTwoDiscriminator, stageTwoDiscriminatorOptimizer, stageTwoGeneratorOptimizer, stageTwoTrain);
        generator.TrainStage(stage);
        discriminator.train();
        Tensor embeddings;
        using (no_grad())
            embeddings = generator.Text.forward(tokens);                        // [B, text], the encoder fixed
        var mismatched = embeddings.roll(1, 0);                                 // another image's text, as StackGAN's code pairs them
        var real = ToSigned(data.Batch(positions, setup.Device));

        Tensor fake;
        using (no_grad())
            fake = generator.Draw(stage, embeddings, Noise(random), ConditionDraw.Sampled).Images;
        var terms = MatchingAwareLoss.Discriminator(
            discriminator.forward(real, embeddings), discriminator.forward(real, mismatched), discriminator.forward(fake, embeddings));
        discriminatorOptimizer.zero_grad();
        terms.Loss.backward();
        discriminatorOptimizer.step();

        var drawn = generator.Draw(stage, embeddings, Noise(random), ConditionDraw.Sampled);
        var kl = ConditioningAugmentation.KlDivergence(drawn.Mean, drawn.LogVariance);
        var generatorLoss = MatchingAwareLoss.Generator(discriminator.forward(drawn.Images, embeddings)) + (kl * hyperparameters.KlWeight);
        var matching = MatchingLoss(stage, drawn.Images, embeddings, data.Labels?.index_select(0, positions).to(setup.Device));
        if (hyperparameters.MatchingWeight > 0)
            generatorLoss += matching * hyperparameters.MatchingWeight;
        if (hyperparameters.InterpolationBeta is > 0 and < 1)
        {
            var beta = hyperparameters.InterpolationBeta;
            var interpolated = (embeddings * beta) + (mismatched * (1 - beta));
            generatorLoss += MatchingAwareLoss.Generator(discriminator.forward(generator.Draw(stage, interpolated, Noise(random), ConditionDraw.Sampled).Images, interpolated));
        }
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        generatorOptimizer.step();

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ScoreMetrics.DiscriminatorLossName] = terms.Loss.item<float>(),
            [ScoreMetrics.GeneratorLossName] = generatorLoss.item<float>(),
            ["loss_kl"] = kl.item<float>(),
            ["loss_match"] = matching.item<float>(),
            ["d_real"] = terms.Real,
            ["d_wrong"] = terms.Wrong,
            ["d_fake"] = terms.Fake,
        };
    }

    /// <summary>How far the image encoder finds the drawn images from their own captions (<see cref="JointEmbeddingLoss"/>),
    /// with the encoder fixed and the gradients passing through it to G (<see cref="TextGanHyperparameters.MatchingWeight"/>).</summary>
    /// <param name="labels">[B] the captions' classes, where the dataset has them: same-class captions are not mismatches.</param>
    private Tensor MatchingLoss(TextToImageStage stage, Tensor images, Tensor embeddings, Tensor? labels)
    {
        imageEncoder.eval();
        Trainable.Set(imageEncoder, false);
        var atStageOneSize = stage == TextToImageStage.I ? images : nn.functional.avg_pool2d(images, 2);
        return JointEmbeddingLoss.Loss(imageEncoder.forward(atStageOneSize), embeddings, labels);
    }

    /// <returns>[B, noise] on the run's device.</returns>
    private Tensor Noise(Generator random) => randn(batchSize, generator.NoiseDim, generator: random).to(setup.Device);

    /// <summary>Every network's weights (with batch norm statistics), then every optimiser's state.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", generator),
        CheckpointPart.Module("image encoder", imageEncoder),
        CheckpointPart.Module("stage I discriminator", stageOneDiscriminator),
        CheckpointPart.Module("stage II discriminator", stageTwoDiscriminator),
        CheckpointPart.Optimizer("embedding optimizer", embeddingOptimizer),
        CheckpointPart.Optimizer("stage I generator optimizer", stageOneGeneratorOptimizer),
        CheckpointPart.Optimizer("stage I discriminator optimizer", stageOneDiscriminatorOptimizer),
        CheckpointPart.Optimizer("stage II generator optimizer", stageTwoGeneratorOptimizer),
        CheckpointPart.Optimizer("stage II discriminator optimizer", stageTwoDiscriminatorOptimizer),
    ];

    private OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) =>
        optim.Adam(parameters, hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);

    private static Tensor ToSigned(Tensor images) => images * 2 - 1;
}
