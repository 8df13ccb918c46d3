using static TorchSharp.torch;

namespace GenService.ML.Families.StyleGan;

/// <summary>StyleGAN (Karras et al. 2019) with the StyleGAN2 generator and discriminator (Karras et al. 2020).</summary>
public sealed class StyleGanFamily : IModelFamily
{
    public const string ArchitectureName = "stylegan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Style-based GAN: a mapping network turns z into w, whose styles modulate every layer of a synthesis network "
        + "that starts from a learned constant, with per-layer noise (StyleGAN2 modulated convolutions, residual "
        + "discriminator, R1, style mixing, weight averaging; no path-length regularisation). Samples with truncation, "
        + "mixes styles, varies noise and interpolates in Z or W; trains at power-of-two sizes from 16 to 128, "
        + "resizing other sizes up (28 → 32).";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => StyleGanHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.Sample, ModelCapability.Interpolate, ModelCapability.StyleOperations };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images };

    public string? CheckDataset(ImageShape shape) => StyleGanArchitecture.CheckDataset(shape);

    public ImageShape OutputShape(ImageShape datasetShape)
    {
        var resolution = StyleGanArchitecture.ResolutionFor(datasetShape.Height);
        return new ImageShape(datasetShape.Channels, resolution, resolution);
    }

    public ITrainer CreateTrainer(TrainingSetup setup) => new StyleGanTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var generator = new StyleGanGenerator(StyleGanArchitecture.Read(reader, StyleGanTrainer.ModelMagic));
        try
        {
            generator.load(reader);
            return new StyleGanModel(generator, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }
}
