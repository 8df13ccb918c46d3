using GenService.ML.Adversarial;
using GenService.ML.Text;
using static TorchSharp.torch;

namespace GenService.ML.Families.TextGan;

/// <summary>Text to image: GAN-INT-CLS (Reed et al. 2016) with StackGAN's conditioning augmentation and two stages
/// (Zhang et al. 2017), prompts read by a GRU text encoder trained in Reed et al.'s joint embedding.</summary>
public sealed class TextGanFamily : IModelFamily
{
    public const string ArchitectureName = "textgan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Text-to-image GAN: GAN-INT-CLS (Reed et al. 2016: a matching-aware discriminator, interpolated text embeddings) with "
        + "StackGAN's conditioning augmentation and two stages (Zhang et al. 2017): stage I at the dataset's size (32, 64 or "
        + "128 pixels square, resizing other datasets to the next of these), stage II at twice it. Trains on captions datasets.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => TextGanHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.TextToImage };

    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Captions };

    public string? CheckDataset(ImageShape shape) => GanResolution.Check(shape, ArchitectureName);

    /// <summary>Stage II's shape, twice stage I's.</summary>
    public ImageShape OutputShape(ImageShape datasetShape) =>
        TextGanArchitecture.Doubled(TextGanArchitecture.StageOneShape(datasetShape));

    public ITrainer CreateTrainer(TrainingSetup setup) => new TextGanTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device) => LoadModel(path, device, ConditionDraw.Mean);

    /// <summary>The stored model, drawing its condition as <paramref name="conditionDraw"/> says for its whole life.</summary>
    public TextGanModel LoadModel(string path, Device device, ConditionDraw conditionDraw)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var (architecture, version) = TextGanArchitecture.ReadVersioned(reader, TextGanTrainer.ModelMagic);
        var vocabularyLength = reader.ReadInt32();
        if (vocabularyLength < 0)
            throw new InvalidDataException("The model's vocabulary has a negative length.");
        CaptionVocabulary vocabulary;
        using (var vocabularyBytes = new MemoryStream(reader.ReadBytes(vocabularyLength)))
            vocabulary = CaptionVocabulary.Load(vocabularyBytes);
        if (vocabulary.Count != architecture.VocabularySize)
            throw new InvalidDataException($"The model's vocabulary has {vocabulary.Count} entries; its text encoder reads {architecture.VocabularySize}.");
        var generator = new TextGanGenerator(architecture);
        ImageEncoder? imageEncoder = null;
        try
        {
            generator.load(reader);
            if (version >= TextGanArchitecture.ImageEncoderVersion)
            {
                imageEncoder = new ImageEncoder(architecture.Shape, architecture.BaseChannels, architecture.TextDim);
                imageEncoder.load(reader);
            }
            return new TextGanModel(vocabulary, generator, imageEncoder, device, conditionDraw);
        }
        catch
        {
            generator.Dispose();
            imageEncoder?.Dispose();
            throw;
        }
    }
}
