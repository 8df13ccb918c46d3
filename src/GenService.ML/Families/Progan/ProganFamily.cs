using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Families.Progan;

/// <summary>The Progressive GAN (Karras et al. 2018): grows G and D from 4x4 to the image size during
/// training, with WGAN-GP, pixel norm, minibatch standard deviation and the equalised learning rate.</summary>
public sealed class ProganFamily : IModelFamily
{
    public const string ArchitectureName = "progan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Progressive GAN (Karras et al. 2018): generator and critic grow from 4x4 to 32, 64 or 128 pixels square during "
        + "training, fading in each new resolution; WGAN-GP with drift term, pixel norm, minibatch standard deviation, "
        + "equalised learning rate and an averaged generator; samples and interpolates in latent space.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => ProganHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Sample, ModelCapability.Interpolate };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images };

    public string? CheckDataset(ImageShape shape) => CheckShape(shape);

    public ImageShape OutputShape(ImageShape datasetShape) => GanResolution.OutputShape(datasetShape);

    public ITrainer CreateTrainer(TrainingSetup setup) => new ProganTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var architecture = ProganArchitecture.Read(reader, ProganTrainer.ModelMagic);
        var phase = new ProganPhase(reader.ReadInt32(), reader.ReadDouble());
        if (phase.Level < 0 || phase.Level >= architecture.Levels || phase.Alpha is not (>= 0 and <= 1))
            throw new InvalidDataException($"'{ProganTrainer.ModelMagic}' holds an impossible phase {phase}.");
        var generator = new ProganGenerator(architecture);
        try
        {
            generator.load(reader);
            return new ProganModel(generator, phase, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>Why a Progressive GAN cannot train on a dataset of this shape, or null when it can.</summary>
    public static string? CheckShape(ImageShape shape) => GanResolution.Check(shape, "Progressive GAN");
}
