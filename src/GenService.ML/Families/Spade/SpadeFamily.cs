using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>SPADE (Park et al. 2019): semantic image synthesis, rendering label maps into images through
/// spatially-adaptive normalisation, with a style encoder so that a style image, or a seed, chooses the look.</summary>
public sealed class SpadeFamily : IModelFamily
{
    public const string ArchitectureName = "spade";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Semantic image synthesis with spatially-adaptive normalisation (Park et al. 2019): a generator of SPADE residual blocks "
        + "whose per-pixel γ and β come from the label map, the VAE style encoder, two-scale PatchGAN discriminators, hinge loss "
        + "plus 10·feature matching and 0.05·KL, two time-scale Adam (no VGG loss: no pretrained weights here); trains on a "
        + "labelmaps dataset at 32 to 256 pixels square, resizing other sizes up to the next power of two; renders a label map "
        + "in the style of a style image, or in a random style drawn from a seed.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => SpadeHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.LabelMapToImage };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Labelmaps };

    public string? CheckDataset(ImageShape shape) => SpadeArchitecture.Check(shape);

    public ImageShape OutputShape(ImageShape datasetShape) => SpadeArchitecture.OutputShape(datasetShape);

    public ITrainer CreateTrainer(TrainingSetup setup) => new SpadeTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var architecture = SpadeArchitecture.Read(reader, SpadeTrainer.ModelMagic);
        var generator = new SpadeGenerator(architecture);
        var encoder = new StyleEncoder(architecture);
        try
        {
            generator.load(reader);
            encoder.load(reader);
            return new SpadeModel(generator, encoder, device);
        }
        catch
        {
            generator.Dispose();
            encoder.Dispose();
            throw;
        }
    }
}
