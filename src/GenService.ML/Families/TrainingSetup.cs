using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Text;
using TorchSharp;

namespace GenService.ML.Families;

/// <summary>
/// What a trainer is built from: images of one size (<see cref="DatasetKind.Images"/>), photos at their own
/// sizes (<see cref="DatasetKind.Photos"/>) for the families that declare them and learn from crops, stored
/// A→B pairs (<see cref="DatasetKind.Pairs"/>) for the families that translate, or images with label maps
/// (<see cref="DatasetKind.Labelmaps"/>) for the families that render maps, captioned images
/// (<see cref="DatasetKind.Captions"/>) for the families that draw from text, or trajectory scenes
/// (<see cref="DatasetKind.Trajectories"/>) for the families that forecast them.
/// </summary>
/// <remarks>A family only gets the kinds of dataset it declares (the service refuses the others), so families
/// that train on images read <see cref="Train"/> and <see cref="Validation"/> without asking which it holds.</remarks>
public sealed record TrainingSetup
{
    private readonly DatasetTensors? train;
    private readonly DatasetTensors? validation;

    /// <param name="Train">Training images (and labels, if any).</param>
    /// <param name="Validation">Held-out images for evaluation.</param>
    /// <param name="Seed">Seeds initialisation and minibatch order, so a run is reproducible.</param>
    /// <remarks>The parameters keep the names of the record's original positional form, which callers pass by name.</remarks>
    public TrainingSetup(Hyperparameters Hyperparameters, DatasetTensors Train, DatasetTensors Validation, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        train = Train;
        validation = Validation;
    }

    /// <param name="TrainPhotos">The photos to train on.</param>
    /// <param name="ValidationPhotos">The held-out photos (by their stored flag, <see cref="PhotoSet.Split"/>), for evaluation.</param>
    public TrainingSetup(Hyperparameters Hyperparameters, PhotoSet TrainPhotos, PhotoSet ValidationPhotos, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        this.TrainPhotos = TrainPhotos;
        this.ValidationPhotos = ValidationPhotos;
    }

    /// <param name="TrainPairs">The pairs to train on.</param>
    /// <param name="ValidationPairs">The held-out pairs, for evaluation and previews.</param>
    public TrainingSetup(Hyperparameters Hyperparameters, ImagePairs TrainPairs, ImagePairs ValidationPairs, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        this.TrainPairs = TrainPairs;
        this.ValidationPairs = ValidationPairs;
    }

    /// <param name="TrainLabelMaps">The images and label maps to train on.</param>
    /// <param name="ValidationLabelMaps">The held-out images and maps, for evaluation and previews.</param>
    public TrainingSetup(Hyperparameters Hyperparameters, LabelMapSet TrainLabelMaps, LabelMapSet ValidationLabelMaps, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        this.TrainLabelMaps = TrainLabelMaps;
        this.ValidationLabelMaps = ValidationLabelMaps;
    }

    /// <param name="TrainCaptions">The images and captions to train on; its images are also <see cref="Train"/>.</param>
    /// <param name="ValidationCaptions">The held-out images and captions, for evaluation; its images are also <see cref="Validation"/>.</param>
    /// <remarks>The captions stay text: a text-to-image trainer builds its vocabulary (<see cref="CaptionVocabulary"/>)
    /// from the training captions and stores it with the model, so a prompt is read as its training captions were.</remarks>
    public TrainingSetup(Hyperparameters Hyperparameters, CaptionSet TrainCaptions, CaptionSet ValidationCaptions, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        this.TrainCaptions = TrainCaptions;
        this.ValidationCaptions = ValidationCaptions;
        train = TrainCaptions.Images;
        validation = ValidationCaptions.Images;
    }

    /// <param name="TrainScenes">The scenes to train on (the dataset's train/ scenes).</param>
    /// <param name="ValidationScenes">The held-out scenes (its val/ scenes), for evaluation and previews.</param>
    public TrainingSetup(Hyperparameters Hyperparameters, IReadOnlyList<TrajectoryScene> TrainScenes, IReadOnlyList<TrajectoryScene> ValidationScenes, torch.Device Device, long Seed)
        : this(Hyperparameters, Device, Seed)
    {
        this.TrainScenes = TrainScenes;
        this.ValidationScenes = ValidationScenes;
    }

    private TrainingSetup(Hyperparameters hyperparameters, torch.Device device, long seed)
    {
        Hyperparameters = hyperparameters;
        Device = device;
        Seed = seed;
    }

    public Hyperparameters Hyperparameters { get; init; }

    public torch.Device Device { get; init; }

    public long Seed { get; init; }

    /// <summary>Training images (and labels, if any); of a label-map dataset, its images labelled by their per-image
    /// label where the setup was given them (<see cref="LabelledImages"/>).</summary>
    /// <exception cref="InvalidOperationException">The setup holds photos, pairs, or label maps without their images.</exception>
    public DatasetTensors Train => train ?? throw HoldsOther();

    /// <summary>Held-out images for evaluation.</summary>
    /// <exception cref="InvalidOperationException">The setup holds photos, pairs, or label maps without their images.</exception>
    public DatasetTensors Validation => validation ?? throw HoldsOther();

    /// <summary>A label-map setup's images labelled by their per-image label (a landscape's style), split as the maps are:
    /// what families that read images of two labels (CycleGAN) train on. They become <see cref="Train"/> and
    /// <see cref="Validation"/>.</summary>
    public (DatasetTensors Train, DatasetTensors Validation) LabelledImages
    {
        init => (train, validation) = value;
    }

    /// <summary>The photos to train on, when the run's dataset is a photo set; otherwise null.</summary>
    public PhotoSet? TrainPhotos { get; }

    /// <summary>The held-out photos, when the run's dataset is a photo set; otherwise null.</summary>
    public PhotoSet? ValidationPhotos { get; }

    /// <summary>The pairs to train on, when the run's dataset is a pairs dataset; otherwise null.</summary>
    public ImagePairs? TrainPairs { get; }

    /// <summary>The held-out pairs, when the run's dataset is a pairs dataset; otherwise null.</summary>
    public ImagePairs? ValidationPairs { get; }

    /// <summary>The images and maps to train on, when the run's dataset is a label-map dataset; otherwise null.</summary>
    public LabelMapSet? TrainLabelMaps { get; }

    /// <summary>The held-out images and maps, when the run's dataset is a label-map dataset; otherwise null.</summary>
    public LabelMapSet? ValidationLabelMaps { get; }

    /// <summary>The images and captions to train on, when the run's dataset is a captions dataset; otherwise null.</summary>
    public CaptionSet? TrainCaptions { get; }

    /// <summary>The held-out images and captions, when the run's dataset is a captions dataset; otherwise null.</summary>
    public CaptionSet? ValidationCaptions { get; }

    /// <summary>The scenes to train on, when the run's dataset holds trajectories; otherwise null.</summary>
    public IReadOnlyList<TrajectoryScene>? TrainScenes { get; }

    /// <summary>The held-out scenes, when the run's dataset holds trajectories; otherwise null.</summary>
    public IReadOnlyList<TrajectoryScene>? ValidationScenes { get; }

    private InvalidOperationException HoldsOther() =>
        TrainPairs is not null ? new("This run trains on stored pairs, not on images: only families that declare pairs datasets read TrainPairs.")
        : TrainLabelMaps is not null ? new("This run trains on label maps, not on images: only families that declare label-map datasets read TrainLabelMaps.")
        : TrainScenes is not null ? new("This run trains on trajectory scenes, not on images: only families that declare trajectory datasets read TrainScenes.")
        : new("This run trains on photos at their own sizes, not on images of one size: only families that declare photo datasets read TrainPhotos.");
}
