using GenService.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Trains SRResNet on the pixel MSE between its output and the original crop (Ledig et al. 2017, section
/// 3.2), with Adam, whose step size drops ten-fold late in the run (<see cref="SuperResolutionHyperparameters.LearningRateDrop"/>). Every random draw of step t (which crops, where) comes from a generator seeded by
/// (run seed, t), so a run resumed from a checkpoint replays exactly and no RNG state needs saving.
/// </summary>
/// <remarks>Inputs and targets are both in [0, 1] (the paper scales targets to [−1, 1]; one range for both
/// keeps the global skip and the bicubic baseline in the same units).</remarks>
public sealed class SrResNetTrainer : ITrainer
{
    public const string CheckpointMagic = "GenService.SrResNet.Checkpoint";

    private const long InitialisationStream = -1;

    private readonly long seed;
    private readonly GeneratorTraining generator;

    public SrResNetTrainer(TrainingSetup setup)
    {
        seed = setup.Seed;
        using var initialisation = new Generator(SeededNoise.DeriveSeed(setup.Seed, InitialisationStream));
        generator = new GeneratorTraining(setup, SuperResolutionHyperparameters.From(setup.Hyperparameters), initialisation);
    }

    public SuperResolutionArchitecture Architecture => generator.Architecture;

    /// <summary>Side of the high-resolution training crops after fitting them to the images.</summary>
    public int CropSize => generator.Crops.Size;

    /// <returns>"mse" of the minibatch.</returns>
    public IReadOnlyDictionary<string, double> Step(long step)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(SeededNoise.DeriveSeed(seed, step));
        generator.SetLearningRate(generator.Hyperparameters.LearningRateAt(step, generator.Hyperparameters.Steps));
        return generator.PixelStep(generator.TrainingBatch(random));
    }

    public IReadOnlyDictionary<string, double> Evaluate() => generator.Evaluate();

    public Tensor Preview(IReadOnlyList<long> seeds) => generator.Preview(seeds);

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, writer => Architecture.Write(writer, CheckpointMagic), generator.CheckpointParts());

    public void LoadCheckpoint(Stream stream) =>
        Checkpoint.Read(stream, reader => SuperResolutionArchitecture.Read(reader, CheckpointMagic), Architecture, generator.CheckpointParts());

    public void ExportModel(Stream stream) => generator.ExportModel(stream);

    public void Dispose() => generator.Dispose();
}
