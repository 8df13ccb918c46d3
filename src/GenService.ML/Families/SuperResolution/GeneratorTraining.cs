using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// The generator's side of a super-resolution run, shared by <see cref="SrResNetTrainer"/> and
/// <see cref="SrganTrainer"/>: the SRResNet and its Adam, the crops it learns from, the pixel-MSE step,
/// held-out evaluation, previews and the exported model.
/// </summary>
public sealed class GeneratorTraining : IDisposable
{
    public const string ModelMagic = "GenService.SuperResolution.Model";
    public const string MseName = "mse";

    /// <summary>Enough held-out crops for a stable mean while evaluation stays a small share of a run.</summary>
    public const int MaximumEvaluationImages = 64;

    /// <summary>White pixels between the three images of a preview.</summary>
    public const int PreviewGap = 2;

    private const int EvaluationBatchSize = 16;

    private readonly TrainingSetup setup;
    private readonly Adam optimizer;

    public GeneratorTraining(TrainingSetup setup, SuperResolutionHyperparameters hyperparameters, Generator initialisation)
    {
        Crops = SuperResolutionCrops.From(setup, hyperparameters.Scale, hyperparameters.CropSize);
        if (SuperResolutionArchitecture.Check(Crops.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(setup));
        this.setup = setup;
        Hyperparameters = hyperparameters;
        Network = new SrResNetGenerator(new SuperResolutionArchitecture(
            Crops.Shape, hyperparameters.Scale, hyperparameters.Channels, hyperparameters.ResidualBlocks, hyperparameters.BicubicSkip));
        // Ledig et al. 2017 do not say how they initialise: PyTorch's default.
        DefaultInitialisation.Apply(Network, initialisation);
        Network.to(setup.Device);
        optimizer = optim.Adam(Network.parameters(), hyperparameters.LearningRate, hyperparameters.Beta1, hyperparameters.Beta2);
    }

    public SuperResolutionHyperparameters Hyperparameters { get; }

    public SuperResolutionCrops Crops { get; }

    public SrResNetGenerator Network { get; }

    public SuperResolutionArchitecture Architecture => Network.Architecture;

    private int BatchSize => Hyperparameters.BatchSize;

    /// <summary>This step's random training crops.</summary>
    public CropPair TrainingBatch(Generator random) => Crops.Training(BatchSize, random);

    /// <summary>One Adam step on the pixel MSE (SRResNet's objective, eq. 4).</summary>
    /// <returns>"mse" of the minibatch.</returns>
    public Dictionary<string, double> PixelStep(CropPair batch)
    {
        Network.train();
        var loss = F.mse_loss(Network.forward(batch.LowResolution), batch.HighResolution);
        Optimise(loss);
        return new Dictionary<string, double>(StringComparer.Ordinal) { [MseName] = loss.item<float>() };
    }

    /// <summary>Sets the step size of the generator's Adam (<see cref="SuperResolutionHyperparameters.LearningRateAt"/>).</summary>
    public void SetLearningRate(double rate) => SetLearningRate(optimizer, rate);

    /// <summary>Sets the step size of every parameter group: a function of the step, so a resumed run needs no schedule state.</summary>
    public static void SetLearningRate(Adam adam, double rate)
    {
        foreach (var group in adam.ParamGroups)
            group.LearningRate = rate;
    }

    /// <summary>One Adam step of the generator on <paramref name="loss"/>.</summary>
    public void Optimise(Tensor loss)
    {
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }

    /// <summary>Model against bicubic on the centre crops of the first held-out images (<see cref="SuperResolutionEvaluation"/>).</summary>
    public Dictionary<string, double> Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Network.eval();
        var crops = Crops.Validation(MaximumEvaluationImages);
        return SuperResolutionEvaluation.Compare(
            lowResolution => FixedShapeBatches.Map(lowResolution, EvaluationBatchSize, SuperResolve),
            crops,
            Hyperparameters.Scale);
    }

    /// <summary>For each seed a held-out crop (<see cref="SuperResolutionCrops.Preview"/>) shown side by side as
    /// bicubic upscaling | model | original, each at the high resolution: the snapshots show the model drawing
    /// away from the blur on its left towards the detail on its right.</summary>
    /// <returns>[N, C, S, 3S + 2 gaps] float32 on the CPU, in [0, 1].</returns>
    public Tensor Preview(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        Network.eval();
        var crops = Crops.Preview(seeds);
        var bicubic = BicubicResampling.Upscale(crops.LowResolution, Hyperparameters.Scale);
        var gap = ones([crops.HighResolution.shape[0], crops.HighResolution.shape[1], crops.HighResolution.shape[2], PreviewGap], device: setup.Device);
        return cat([bicubic, gap, SuperResolve(crops.LowResolution), gap, crops.HighResolution], 3).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Generator weights (with batch norm statistics), then Adam's state: the start of both trainers' checkpoints.</summary>
    public CheckpointPart[] CheckpointParts() =>
    [
        CheckpointPart.Module("generator", Network),
        CheckpointPart.Optimizer("generator optimizer", optimizer),
    ];

    /// <summary>Architecture header and the generator's weights; <see cref="SuperResolutionModel.Load"/> reads them.</summary>
    public void ExportModel(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        Architecture.Write(writer, ModelMagic);
        Network.save(writer);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        Network.Dispose();
    }

    /// <returns>The generator's output as pixel values, [N, C, S, S] in [0, 1].</returns>
    private Tensor SuperResolve(Tensor lowResolution) => Network.forward(lowResolution.to(setup.Device)).clamp(0, 1);
}
