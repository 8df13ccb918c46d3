using GenService.ML.Datasets.Trajectories;
using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>Social GAN (Gupta et al. 2018): forecasts several socially acceptable futures for everyone in a scene from their observed tracks.</summary>
public sealed class SocialGanFamily : IModelFamily
{
    public const string ArchitectureName = "socialgan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Social GAN (Gupta et al. 2018): an LSTM encoder of each person's displacements, a pooling module over everyone else's "
        + "relative positions, and an LSTM decoder with noise z, trained adversarially against a trajectory discriminator with "
        + "the variety loss (best of k); forecasts k futures per person from their last 8 positions.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => SocialGanHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.ForecastTrajectories };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Trajectories };

    /// <summary>Trajectory datasets have no image shape; the scenes are checked when the trainer cuts them into windows.</summary>
    public string? CheckDataset(ImageShape shape) => null;

    public ImageShape OutputShape(ImageShape datasetShape) => SocialGanArchitecture.PlotShape;

    /// <summary>A run needs a training and a validation scene at least obs_len + pred_len frames long.</summary>
    public string? CheckScenes(IReadOnlyList<TrajectorySceneEntry> scenes, Hyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var settings = SocialGanHyperparameters.From(hyperparameters);
        var needed = settings.ObservedSteps + settings.PredictedSteps;
        foreach (var split in new[] { TrajectorySplit.Train, TrajectorySplit.Validation })
        {
            if (!scenes.Any(s => s.Split == split && s.Frames >= needed))
            {
                return $"No {split.Folder()}/ scene has {needed} frames ({SocialGanHyperparameters.ObservedStepsName} {settings.ObservedSteps} + "
                    + $"{SocialGanHyperparameters.PredictedStepsName} {settings.PredictedSteps}); the longest has {scenes.Where(s => s.Split == split).Select(s => s.Frames).DefaultIfEmpty(0).Max()}.";
            }
        }
        return null;
    }

    public ITrainer CreateTrainer(TrainingSetup setup) => new SocialGanTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var generator = new TrajectoryGenerator(SocialGanArchitecture.Read(reader, SocialGanTrainer.ModelMagic));
        try
        {
            generator.load(reader);
            return new SocialGanModel(generator, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }
}
