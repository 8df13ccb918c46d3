using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>SRGAN (Ledig et al. 2017): SRResNet's generator trained further against a discriminator, with a
/// perceptual content loss, for sharper, more natural textures than pixel MSE gives.</summary>
public sealed class SrganFamily : IModelFamily
{
    public const string ArchitectureName = "srgan";

    public string Architecture => ArchitectureName;

    public string Summary =>
        "SRGAN (Ledig et al. 2017): an SRResNet generator pre-trained on pixel MSE, then trained with a content loss "
        + "(feature maps of a feature network trained on the run's images, or pixels) plus 1e-3 of an adversarial loss "
        + "against a convolutional discriminator; upscales images x2 or x4 and super-resolves images of any size.";

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => SrganHyperparameters.Specs;

    public IReadOnlySet<ModelCapability> Capabilities => SuperResolutionArchitecture.Capabilities;

    public IReadOnlySet<DatasetKind> DatasetKinds => SuperResolutionArchitecture.DatasetKinds;

    public string? CheckDataset(ImageShape shape) => SuperResolutionArchitecture.Check(shape);

    public ITrainer CreateTrainer(TrainingSetup setup) => new SrganTrainer(setup);

    public IGenerativeModel LoadModel(string path, Device device) => SuperResolutionModel.Load(path, ArchitectureName, device);
}
