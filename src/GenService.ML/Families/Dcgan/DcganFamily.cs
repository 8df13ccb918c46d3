using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Families.Dcgan;

/// <summary>The deep convolutional GAN (Radford et al. 2016) with a choice of objective: the min-max
/// game, its non-saturating variant, WGAN and WGAN-GP.</summary>
public sealed class DcganFamily : IModelFamily
{
    public const string ArchitectureName = "dcgan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Deep convolutional GAN (Radford et al. 2016) trained with the min-max game, its non-saturating variant, WGAN "
        + "(weight clipping) or WGAN-GP (gradient penalty); generates 32, 64 or 128 pixels square, resizing other datasets "
        + "to the next of these sizes; samples and interpolates in latent space.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => DcganHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Sample, ModelCapability.Interpolate };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images };

    public string? CheckDataset(ImageShape shape) => CheckShape(shape);

    public ImageShape OutputShape(ImageShape datasetShape) => GanResolution.OutputShape(datasetShape);

    public ITrainer CreateTrainer(TrainingSetup setup) => new DcganTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var generator = new DcganGenerator(DcganArchitecture.Read(reader, DcganTrainer.ModelMagic));
        try
        {
            generator.load(reader);
            return new DcganModel(generator, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>Why a DCGAN cannot train on a dataset of this shape, or null when it can.</summary>
    public static string? CheckShape(ImageShape shape) => GanResolution.Check(shape, "DCGAN");
}
