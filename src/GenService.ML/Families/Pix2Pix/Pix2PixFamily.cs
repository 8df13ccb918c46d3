using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>pix2pix (Isola et al. 2017): a U-Net generator and a conditional PatchGAN trained with the cGAN
/// loss plus λ·L1, translating images of one kind into another.</summary>
public sealed class Pix2PixFamily : IModelFamily, ITranslationInputs
{
    public const string ArchitectureName = "pix2pix";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Image-to-image translation with a conditional GAN (Isola et al. 2017): U-Net generator with dropout as its noise, "
        + "70x70 PatchGAN discriminator, cGAN loss plus 100·L1; trains on an uploaded pairs dataset's A→B pairs, or on pairs "
        + "derived from an image dataset (edges to image, grayscale to colour), or on a labelmaps dataset's maps painted in their "
        + "classes' colours to its images (the SPADE paper's baseline), at 32 to 256 pixels square, resizing other "
        + "sizes up to the next power of two; "
        + "translates an input image, the seed choosing the dropout noise.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => Pix2PixHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Translate };

    /// <summary>Stored pairs, trained on as they are; plain image datasets, from which the trainer derives its
    /// pairs (edges or grayscale to the image); and label maps, painted in their classes' colours (<see cref="PaintedMapPairs"/>).</summary>
    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images, DatasetKind.Pairs, DatasetKind.Labelmaps };

    public string? CheckDataset(ImageShape shape) => Pix2PixArchitecture.Check(shape);

    public ImageShape OutputShape(ImageShape datasetShape) => Pix2PixArchitecture.OutputShape(datasetShape);

    /// <summary>Both derivations, edges and luma, are one channel (<see cref="DerivedPairs"/>). A model trained on
    /// stored pairs reads their A side's channels, one trained on label maps their painted colours; the service records
    /// those with the model.</summary>
    public ImageShape InputShape(ImageShape outputShape, Hyperparameters hyperparameters) => outputShape with { Channels = 1 };

    /// <summary>The input side of the pairs the trainer derives (<see cref="DerivedPairs"/>) with the model's "pairs".</summary>
    public Tensor InputsFor(Tensor images, Hyperparameters hyperparameters)
    {
        using var dataset = new DatasetTensors(images.clone(), null, []);
        using var pairs = DerivedPairs.From(dataset, Pix2PixHyperparameters.From(hyperparameters).Pairs);
        return pairs.Inputs.clone();
    }

    public bool TranslatesPaintedLabelMaps => true;

    public ITrainer CreateTrainer(TrainingSetup setup) => new Pix2PixTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var generator = new UnetGenerator(Pix2PixArchitecture.Read(reader, Pix2PixTrainer.ModelMagic));
        try
        {
            generator.load(reader);
            return new Pix2PixModel(generator, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }
}
