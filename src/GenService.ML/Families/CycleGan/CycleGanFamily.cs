using static TorchSharp.torch;

namespace GenService.ML.Families.CycleGan;

/// <summary>CycleGAN (Zhu et al. 2017): two ResNet generators and two PatchGANs trained with least-squares GAN losses,
/// cycle consistency and an identity loss, translating between two unpaired domains both ways.</summary>
public sealed class CycleGanFamily : IModelFamily, ITranslationInputs, IUnpairedDomains
{
    public const string ArchitectureName = "cyclegan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "Unpaired image-to-image translation (Zhu et al. 2017): two ResNet generators (A→B, B→A) with instance norm and "
        + "reflection padding, two 70x70 PatchGANs, least-squares GAN loss, cycle consistency (λ = 10), identity loss, image "
        + "pools of 50 and the paper's linearly decaying learning rate; trains on two labels of one labelled dataset (two "
        + "Fashion-MNIST classes, two landscape styles, or trainA/ and trainB/ of an upload in the CycleGAN layout), at 16 to "
        + "256 pixels square; translates an image A→B or B→A, or round trips it, with no noise.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => CycleGanHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities { get; } =
        new HashSet<ModelCapability> { ModelCapability.Translate, ModelCapability.TranslateBothWays };

    /// <summary>Labelled images, whose labels pick the domains; and label-map datasets, whose per-image labels (a
    /// landscape's style) do.</summary>
    public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images, DatasetKind.Labelmaps };

    public string? CheckDataset(ImageShape shape) => CycleGanArchitecture.Check(shape);

    public ImageShape OutputShape(ImageShape datasetShape) => CycleGanArchitecture.OutputShape(datasetShape);

    /// <summary>Both domains are images of the dataset's own shape.</summary>
    public ImageShape InputShape(ImageShape outputShape, Hyperparameters hyperparameters) => outputShape;

    /// <summary>A dataset item is translated as it is: it is an image of domain A or B.</summary>
    public Tensor InputsFor(Tensor images, Hyperparameters hyperparameters) => images.clone();

    /// <summary>Both domain labels must be labels of the dataset, and differ.</summary>
    public string? CheckClasses(IReadOnlyList<string> classes, Hyperparameters hyperparameters)
    {
        var settings = CycleGanHyperparameters.From(hyperparameters);
        if (classes.Count == 0)
            return "CycleGAN trains on two labelled domains, and this dataset's images carry no labels: use a labelled dataset (class folders, "
                + "Fashion-MNIST, landscapes with their styles, or an upload in the CycleGAN layout trainA/, trainB/, testA/, testB/).";
        var known = string.Join(", ", classes.Select((name, label) => $"{label} {name}"));
        foreach (var (name, label) in new[] { (CycleGanHyperparameters.DomainALabelName, settings.DomainALabel), (CycleGanHyperparameters.DomainBLabelName, settings.DomainBLabel) })
        {
            if (label >= classes.Count)
                return $"{name} is {label}, which is not a label of this dataset; its labels are {known}.";
        }
        return settings.DomainALabel == settings.DomainBLabel
            ? $"{CycleGanHyperparameters.DomainALabelName} and {CycleGanHyperparameters.DomainBLabelName} are both {settings.DomainALabel}: choose two different labels of {known}."
            : null;
    }

    public (int A, int B) DomainLabels(Hyperparameters hyperparameters)
    {
        var settings = CycleGanHyperparameters.From(hyperparameters);
        return (settings.DomainALabel, settings.DomainBLabel);
    }

    public ITrainer CreateTrainer(TrainingSetup setup) => new CycleGanTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var architecture = CycleGanArchitecture.Read(reader, CycleGanTrainer.ModelMagic);
        var aToB = new ResnetGenerator(architecture);
        var bToA = new ResnetGenerator(architecture);
        try
        {
            aToB.load(reader);
            bToA.load(reader);
            return new CycleGanModel(aToB, bToA, device);
        }
        catch
        {
            aToB.Dispose();
            bToA.Dispose();
            throw;
        }
    }
}
