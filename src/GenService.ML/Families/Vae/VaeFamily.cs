using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>The convolutional variational autoencoder: samples, reconstructions and latent walks.</summary>
public sealed class VaeFamily : IModelFamily
{
    public const string ArchitectureName = "vae";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Convolutional variational autoencoder with Gaussian encoder and decoder, trained by maximising the ELBO; "
        + "samples, reconstructs and interpolates in latent space.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => VaeHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Sample, ModelCapability.Reconstruct, ModelCapability.Interpolate };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images };

    public string? CheckDataset(ImageShape shape) => VaeArchitecture.Check(shape);

    public ITrainer CreateTrainer(TrainingSetup setup) => new VaeTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        var (network, prior) = VaeModelFile.Read(stream);
        return new VaeModel(network, prior, device);
    }
}
