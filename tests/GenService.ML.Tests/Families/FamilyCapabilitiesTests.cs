using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using GenService.ML.Families.Dcgan;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Families.Progan;
using GenService.ML.Families.SocialGan;
using GenService.ML.Families.Spade;
using GenService.ML.Families.StyleGan;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Families.TextGan;
using GenService.ML.Families.Vae;
using GenService.ML.Tests.Families.CycleGan;
using GenService.ML.Tests.Families.Dcgan;
using GenService.ML.Tests.Families.Pix2Pix;
using GenService.ML.Tests.Families.Progan;
using GenService.ML.Tests.Families.SocialGan;
using GenService.ML.Tests.Families.Spade;
using GenService.ML.Tests.Families.StyleGan;
using GenService.ML.Tests.Families.SuperResolution;
using GenService.ML.Tests.Families.TextGan;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families;

/// <summary>The service refuses requests from what a family declares, and calls what its loaded models
/// implement: the two must not drift apart.</summary>
public sealed class FamilyCapabilitiesTests : IDisposable
{
    private static readonly IReadOnlyDictionary<ModelCapability, Type> Interfaces = new Dictionary<ModelCapability, Type>
    {
        [ModelCapability.Sample] = typeof(ISampler),
        [ModelCapability.Reconstruct] = typeof(IReconstructor),
        [ModelCapability.Interpolate] = typeof(ILatentInterpolator),
        [ModelCapability.StyleOperations] = typeof(IStyleGenerator),
        [ModelCapability.Translate] = typeof(IImageTranslator),
        [ModelCapability.SuperResolve] = typeof(ISuperResolver),
        [ModelCapability.TranslateBothWays] = typeof(ITwoWayTranslator),
        [ModelCapability.LabelMapToImage] = typeof(ILabelMapRenderer),
        [ModelCapability.TextToImage] = typeof(ITextToImageGenerator),
        [ModelCapability.ForecastTrajectories] = typeof(ITrajectoryForecaster),
    };

    private readonly string directory = Directory.CreateTempSubdirectory("family-capabilities-tests").FullName;

    public FamilyCapabilitiesTests() => _ = TestTorch.Runtime;

    [Fact]
    public void EveryCapabilityNamesItsInterface() =>
        Assert.Equal(Enum.GetValues<ModelCapability>().Order(), Interfaces.Keys.Order());

    [Theory]
    [InlineData(VaeFamily.ArchitectureName)]
    [InlineData(DcganFamily.ArchitectureName)]
    [InlineData(ProganFamily.ArchitectureName)]
    [InlineData(StyleGanFamily.ArchitectureName)]
    [InlineData(Pix2PixFamily.ArchitectureName)]
    [InlineData(SrResNetFamily.ArchitectureName)]
    [InlineData(SrganFamily.ArchitectureName)]
    [InlineData(CycleGanFamily.ArchitectureName)]
    public void AFamilyDeclaresWhatItsLoadedModelsImplement(string architecture)
    {
        using var model = TinyModel(architecture, out var family);

        var implemented = Interfaces.Where(i => i.Value.IsInstanceOfType(model)).Select(i => i.Key).Order();

        Assert.Equal(implemented, family.Capabilities.Order());
        Assert.Contains(DatasetKind.Images, family.DatasetKinds);
    }

    [Fact]
    public void SpadeDeclaresWhatItsLoadedModelsImplementAndTrainsOnLabelMapsOnly()
    {
        var family = new SpadeFamily();
        using (var run = TinySpade.Run())
        using (var model = ExportAndLoad(family, run.Setup))
            Assert.Equal(Interfaces.Where(i => i.Value.IsInstanceOfType(model)).Select(i => i.Key).Order(), family.Capabilities.Order());
        Assert.Equal([DatasetKind.Labelmaps], family.DatasetKinds);
    }

    [Fact]
    public void TextGanDeclaresWhatItsLoadedModelsImplementAndTrainsOnCaptionsOnly()
    {
        var family = new TextGanFamily();
        using (var run = TinyTextGan.Run())
        using (var model = ExportAndLoad(family, run.Setup))
            Assert.Equal(Interfaces.Where(i => i.Value.IsInstanceOfType(model)).Select(i => i.Key).Order(), family.Capabilities.Order());
        Assert.Equal([DatasetKind.Captions], family.DatasetKinds);
    }

    [Fact]
    public void SocialGanDeclaresWhatItsLoadedModelsImplementAndTrainsOnTrajectoriesOnly()
    {
        var family = new SocialGanFamily();
        using (var model = ExportAndLoad(family, TinySocialGan.Setup()))
            Assert.Equal(Interfaces.Where(i => i.Value.IsInstanceOfType(model)).Select(i => i.Key).Order(), family.Capabilities.Order());
        Assert.Equal([DatasetKind.Trajectories], family.DatasetKinds);
    }

    [Fact]
    public void SuperResolutionTrainsOnImagesAndOnPhotosAtTheirOwnSizes()
    {
        Assert.Equal([DatasetKind.Images, DatasetKind.Photos], new SrResNetFamily().DatasetKinds.Order());
        Assert.Equal([DatasetKind.Images, DatasetKind.Photos], new SrganFamily().DatasetKinds.Order());
    }

    [Fact]
    public void Pix2PixTrainsOnImagesStoredPairsAndLabelMaps() =>
        Assert.Equal([DatasetKind.Images, DatasetKind.Pairs, DatasetKind.Labelmaps], new GenService.ML.Families.Pix2Pix.Pix2PixFamily().DatasetKinds.Order());

    [Fact]
    public void CycleGanTrainsOnLabelledImagesAndOnLandscapeStyles() =>
        Assert.Equal([DatasetKind.Images, DatasetKind.Labelmaps], new CycleGanFamily().DatasetKinds.Order());

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private IGenerativeModel TinyModel(string architecture, out IModelFamily family)
    {
        switch (architecture)
        {
            case VaeFamily.ArchitectureName:
                family = new VaeFamily();
                using (var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16)))
                    return ExportAndLoad(family, run.Setup);
            case DcganFamily.ArchitectureName:
                family = new DcganFamily();
                using (var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName))
                    return ExportAndLoad(family, run.Setup);
            case ProganFamily.ArchitectureName:
                family = new ProganFamily();
                using (var run = TinyProgan.Run())
                    return ExportAndLoad(family, run.Setup);
            case StyleGanFamily.ArchitectureName:
                family = new StyleGanFamily();
                using (var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16)))
                    return ExportAndLoad(family, run.Setup);
            case Pix2PixFamily.ArchitectureName:
                family = new Pix2PixFamily();
                using (var run = TinyPix2Pix.Run())
                    return ExportAndLoad(family, run.Setup);
            case SrResNetFamily.ArchitectureName:
                family = new SrResNetFamily();
                using (var run = TinySuperResolution.SrResNet())
                    return ExportAndLoad(family, run.Setup);
            case SrganFamily.ArchitectureName:
                family = new SrganFamily();
                using (var run = TinySuperResolution.Srgan())
                    return ExportAndLoad(family, run.Setup);
            case CycleGanFamily.ArchitectureName:
                family = new CycleGanFamily();
                using (var run = TinyCycleGan.Run())
                    return ExportAndLoad(family, run.Setup);
            default:
                throw new ArgumentOutOfRangeException(nameof(architecture));
        }
    }

    /// <summary>An untrained model is enough: what it implements does not depend on its weights.</summary>
    private IGenerativeModel ExportAndLoad(IModelFamily family, TrainingSetup setup)
    {
        var path = Path.Combine(directory, $"{family.Architecture}.model");
        using (var trainer = family.CreateTrainer(setup))
        using (var stream = File.Create(path))
            trainer.ExportModel(stream);
        return family.LoadModel(path, CPU);
    }
}
