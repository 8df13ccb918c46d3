using GenService.ML.Families;
using GenService.ML.Families.Vae;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Evaluation;

/// <summary>A VAE whose loaded models only reconstruct: a family with none of the capabilities an evaluation
/// measures (sampling, super-resolution, translation), whose models cannot draw samples either.</summary>
public sealed class ReconstructOnlyFamily : IModelFamily
{
    public const string Name = "reconstruct-only";

    private readonly VaeFamily vae = new();
    private int loads;

    public string Architecture => Name;

    public string Summary => "A VAE that only reconstructs (tests).";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => vae.Hyperparameters;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Reconstruct };

    public IReadOnlySet<DatasetKind> DatasetKinds => vae.DatasetKinds;

    /// <summary>How many models were loaded: none, for work the family's declaration already refuses.</summary>
    public int Loads => Volatile.Read(ref loads);

    public string? CheckDataset(ImageShape shape) => vae.CheckDataset(shape);

    public ITrainer CreateTrainer(TrainingSetup setup) => vae.CreateTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        Interlocked.Increment(ref loads);
        return new Model((VaeModel)vae.LoadModel(path, device));
    }

    private sealed class Model(VaeModel inner) : IGenerativeModel, IReconstructor
    {
        public string Architecture => Name;

        public ImageShape OutputShape => inner.OutputShape;

        public Device Device => inner.Device;

        public long ParameterBytes => inner.ParameterBytes;

        public Tensor Reconstruct(Tensor images) => inner.Reconstruct(images);

        public void Dispose() => inner.Dispose();
    }
}
