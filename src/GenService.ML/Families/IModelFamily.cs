using GenService.ML.Datasets.Trajectories;
using TorchSharp;

namespace GenService.ML.Families;

/// <summary>
/// The contract every model family (VAE, DCGAN, StyleGAN, SRGAN, ...) implements. The service knows
/// families only through this interface and the capability interfaces of <see cref="IGenerativeModel"/>,
/// so adding a family touches no other family.
/// </summary>
public interface IModelFamily
{
    /// <summary>Stable identifier used in the API and the database, e.g. "vae".</summary>
    string Architecture { get; }

    /// <summary>One sentence for people reading the API.</summary>
    string Summary { get; }

    IReadOnlyList<HyperparameterSpec> Hyperparameters { get; }

    /// <summary>Why this family cannot train on images of this shape, or null when it can.</summary>
    string? CheckDataset(ImageShape shape);

    /// <summary>The shape of the images a model trained on this dataset shape produces: the same, unless
    /// the family only works at some sizes and resizes the data (e.g. a GAN trained on 28x28 at 32x32).</summary>
    ImageShape OutputShape(ImageShape datasetShape) => datasetShape;

    /// <summary>What its models do; each capability is an interface its loaded models implement, so a
    /// request that needs another one can be refused before a model is loaded.</summary>
    IReadOnlySet<ModelCapability> Capabilities { get; }

    /// <summary>The kinds of dataset it trains on.</summary>
    IReadOnlySet<DatasetKind> DatasetKinds { get; }

    /// <summary>Why a run with these hyperparameters cannot use a dataset with these classes (CycleGAN's domains are two
    /// of its labels), or null when it can; checked when the run is requested.</summary>
    /// <param name="classes">The dataset's class names by label (a landscapes dataset's styles); empty when unlabelled.</param>
    string? CheckClasses(IReadOnlyList<string> classes, Hyperparameters hyperparameters) => null;

    /// <summary>Why a run with these hyperparameters cannot use a trajectory dataset with these scenes (too few frames for
    /// the steps it observes and forecasts), or null when it can; checked when the run is requested.</summary>
    string? CheckScenes(IReadOnlyList<TrajectorySceneEntry> scenes, Hyperparameters hyperparameters) => null;

    ITrainer CreateTrainer(TrainingSetup setup);

    /// <summary>Loads an exported model (see <see cref="ITrainer.ExportModel"/>) for inference.</summary>
    IGenerativeModel LoadModel(string path, torch.Device device);
}
