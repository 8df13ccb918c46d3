using GenService.ML.Adversarial;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Trains SRGAN (Ledig et al. 2017, section 2): the first <see cref="SrganHyperparameters.PretrainSteps"/> steps
/// train the generator alone on pixel MSE, an SRResNet, since the paper initialises SRGAN from one "to avoid
/// undesired local optima"; every step after trains D once and then G once on the perceptual loss
/// (<see cref="SrganLoss"/>), both with Adam, on the same super-resolved minibatch. In each phase the step size drops
/// ten-fold at the same share of the phase (<see cref="SuperResolutionHyperparameters.LearningRateDrop"/>), as the
/// paper's SRGAN drops to 1e-5 for its second half. Every random draw of step
/// t comes from a generator seeded by (run seed, t), so a resumed run replays exactly.
/// </summary>
/// <remarks>The feature network of the feature content loss is trained when the trainer is built, from the run
/// seed (<see cref="ContentFeatureNetwork"/>), so it is not part of a checkpoint.</remarks>
public sealed class SrganTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.Srgan.Checkpoint";
    public const string ContentName = "content";
    public const string AdversarialName = "adversarial";

    private const long InitialisationStream = -1;
    private const long FeatureNetworkStream = -3;

    private readonly long seed;
    private readonly SrganHyperparameters hyperparameters;
    private readonly GeneratorTraining generator;
    private readonly SrganDiscriminator discriminator;
    private readonly Adam discriminatorOptimizer;
    private readonly SrganLoss loss;

    public SrganTrainer(TrainingSetup setup)
    {
        seed = setup.Seed;
        hyperparameters = SrganHyperparameters.From(setup.Hyperparameters);
        var shared = hyperparameters.Shared;
        using (var initialisation = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream)))
        {
            generator = new GeneratorTraining(setup, shared, initialisation);
            discriminator = new SrganDiscriminator(generator.Crops.Shape.Channels, hyperparameters.DiscriminatorChannels, generator.Crops.Size);
            DefaultInitialisation.Apply(discriminator, initialisation);
        }
        discriminator.to(setup.Device);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), shared.LearningRate, shared.Beta1, shared.Beta2);
        IContentLoss content = hyperparameters.ContentLoss == ContentLossKind.Features
            ? new FeatureContentLoss(ContentFeatureNetwork.Train(
                generator.Crops, hyperparameters.FeatureSteps, setup.Device, unchecked((long)SeededNoise.DeriveSeed(setup.Seed, FeatureNetworkStream))))
            : new PixelContentLoss();
        loss = new SrganLoss(content, hyperparameters.AdversarialWeight);
    }

    public SuperResolutionArchitecture Architecture => generator.Architecture;

    /// <returns>"mse" while pre-training; afterwards D's "loss_d" and its view of the minibatch
    /// (<see cref="ScoreMetrics"/>), and G's "loss_g" with its "content" and "adversarial" parts.</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(SeededNoise.DeriveSeed(seed, step));
        var batch = generator.TrainingBatch(random);
        var shared = hyperparameters.Shared;
        if (step < hyperparameters.PretrainSteps)
        {
            generator.SetLearningRate(shared.LearningRateAt(step, hyperparameters.PretrainSteps));
            return generator.PixelStep(batch);
        }

        var rate = shared.LearningRateAt(step - hyperparameters.PretrainSteps, shared.Steps - hyperparameters.PretrainSteps);
        generator.SetLearningRate(rate);
        GeneratorTraining.SetLearningRate(discriminatorOptimizer, rate);

        generator.Network.train();
        discriminator.train();
        var superResolved = generator.Network.forward(batch.LowResolution);   // [B, C, S, S]
        var terms = loss.Discriminator(discriminator.forward, batch.HighResolution, superResolved, random);
        discriminatorOptimizer.zero_grad();
        terms.Loss.backward();
        discriminatorOptimizer.step();
        var metrics = terms.Metrics();

        // G's step needs gradients through D, not for D's weights: freezing them saves that work.
        Trainable.Set(discriminator, false);
        var generatorTerms = loss.Generator(discriminator.forward, superResolved, batch.HighResolution);
        generator.Optimise(generatorTerms.Loss);
        Trainable.Set(discriminator, true);

        metrics[ScoreMetrics.GeneratorLossName] = generatorTerms.Loss.item<float>();
        metrics[ContentName] = generatorTerms.Content.item<float>();
        metrics[AdversarialName] = generatorTerms.Adversarial.item<float>();
        return metrics;
    }

    public IReadOnlyDictionary<string, double> Evaluate() => generator.Evaluate();

    public Tensor Preview(IReadOnlyList<long> seeds) => generator.Preview(seeds);

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => SuperResolutionArchitecture.Read(reader, CheckpointMagic), Architecture, CheckpointParts());

    public void ExportModel(Stream stream) => generator.ExportModel(stream);

    public void Dispose()
    {
        loss.Dispose();
        discriminatorOptimizer.Dispose();
        discriminator.Dispose();
        generator.Dispose();
    }

    /// <summary>Generator weights and Adam state, then the discriminator's.</summary>
    private CheckpointPart[] CheckpointParts() =>
    [
        .. generator.CheckpointParts(),
        CheckpointPart.Module("discriminator", discriminator),
        CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
    ];
}
