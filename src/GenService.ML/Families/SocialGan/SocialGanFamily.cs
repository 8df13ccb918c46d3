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
