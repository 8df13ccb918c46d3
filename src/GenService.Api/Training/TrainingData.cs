using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using TorchSharp;

namespace GenService.Api.Training;

/// <summary>
/// A run's dataset in memory, split into what it trains on and what it holds out: images of one size by the archive's
/// held-out images where it had some (the CycleGAN layout's test folders), otherwise by the run's seeded random split
/// (Training:ValidationFraction, <see cref="DatasetManifest.TrainAndHeldOut"/>), photos at their own
/// sizes by their stored per-file flag, stored pairs by the archive's train/ and test/ (or val/) folders where it had
/// them (<see cref="PairSplit.TrainAndHeldOut"/>) and otherwise by the seeded split, label maps by the seeded split,
/// captioned images by their stored held-out flags where any is set, otherwise by the seeded split (<see cref="CaptionSet.SplitIndices"/>).
/// A label-map setup also holds the same split's images labelled by their per-image label (a landscape's style), which
/// is what a family that reads images of two labels (CycleGAN) trains on. Trajectory scenes are split by their folders:
/// a run trains on the train/ scenes and evaluates on the val/ ones (test/ is left for evaluations of the finished model).
/// </summary>
public sealed class TrainingData : IDisposable
{
    private readonly List<IDisposable> owned;
    private readonly Func<Hyperparameters, torch.Device, long, TrainingSetup> setup;

    private TrainingData(List<IDisposable> owned, Func<Hyperparameters, torch.Device, long, TrainingSetup> setup)
    {
        this.owned = owned;
        this.setup = setup;
    }

    /// <exception cref="InvalidDataException">The stored files are unreadable, or a photo set lacks training or held-out photos.</exception>
    /// <remarks>A pairs dataset needs two pairs at least, one on each side of the split (<see cref="TrainingRunService"/> checks).</remarks>
    public static TrainingData Load(DatasetLoader loader, Dataset dataset, double validationFraction, long seed)
    {
        if (dataset.Kind == DatasetKind.Photos)
        {
            using var all = loader.LoadPhotos(dataset);
            var (train, heldOut) = all.Split();
            if (train is null || heldOut is null)
            {
                train?.Dispose();
                heldOut?.Dispose();
                throw new InvalidDataException(MissingPhotoSplit(dataset.Name));
            }
            return new TrainingData([train, heldOut], (hyperparameters, device, runSeed) => new TrainingSetup(hyperparameters, train, heldOut, device, runSeed));
        }

        if (dataset.Kind == DatasetKind.Pairs)
        {
            using var pairs = loader.LoadPairs(dataset);
            var (trainIndex, validationIndex) = PairSplit.TrainAndHeldOut(loader.LoadPairSplits(dataset)) is var (train, heldOut)
                ? (torch.tensor(train), torch.tensor(heldOut))
                : DatasetTensors.SplitIndices(pairs.Count, validationFraction, seed);
            using (trainIndex)
            using (validationIndex)
            {
                var trainPairs = pairs.Select(trainIndex);
                var heldOutPairs = pairs.Select(validationIndex);
                return new TrainingData([trainPairs, heldOutPairs], (hyperparameters, device, runSeed) => new TrainingSetup(hyperparameters, trainPairs, heldOutPairs, device, runSeed));
            }
        }

        if (dataset.Kind == DatasetKind.Trajectories)
        {
            var scenes = loader.LoadTrajectories(dataset);
            var train = scenes.Where(s => s.Split == TrajectorySplit.Train).ToList();
            var heldOut = scenes.Where(s => s.Split == TrajectorySplit.Validation).ToList();
            return new TrainingData([], (hyperparameters, device, runSeed) => new TrainingSetup(hyperparameters, train, heldOut, device, runSeed));
        }

        if (dataset.Kind == DatasetKind.Labelmaps)
        {
            using var maps = loader.LoadLabelMaps(dataset);
            var (trainIndex, validationIndex) = DatasetTensors.SplitIndices(maps.Count, validationFraction, seed);
            using (trainIndex)
            using (validationIndex)
            {
                var trainMaps = maps.Select(trainIndex);
                var heldOutMaps = maps.Select(validationIndex);
                var trainStyled = trainMaps.StyledImages();
                var heldOutStyled = heldOutMaps.StyledImages();
                return new TrainingData([trainMaps, heldOutMaps, trainStyled, heldOutStyled], (hyperparameters, device, runSeed) =>
                    new TrainingSetup(hyperparameters, trainMaps, heldOutMaps, device, runSeed) { LabelledImages = (trainStyled, heldOutStyled) });
            }
        }

        if (dataset.Kind == DatasetKind.Captions)
        {
            using var captions = loader.LoadCaptions(dataset);
            var (trainPositions, heldOutPositions) = captions.SplitIndices(validationFraction, seed);
            var trainCaptions = captions.Select(trainPositions);
            var heldOutCaptions = captions.Select(heldOutPositions);
            return new TrainingData([trainCaptions, heldOutCaptions], (hyperparameters, device, runSeed) =>
                new TrainingSetup(hyperparameters, trainCaptions, heldOutCaptions, device, runSeed));
        }

        using var images = loader.Load(dataset);
        var (trainIndices, heldOutIndices) = loader.LoadManifest(dataset).TrainAndHeldOut(validationFraction, seed);
        using (trainIndices)
        using (heldOutIndices)
        {
            var trainImages = images.Select(trainIndices);
            var validation = images.Select(heldOutIndices);
            return new TrainingData([trainImages, validation], (hyperparameters, device, runSeed) => new TrainingSetup(hyperparameters, trainImages, validation, device, runSeed));
        }
    }

    /// <summary>Why a photo set cannot train a model: all its photos are held out, or none is.</summary>
    public static string MissingPhotoSplit(string datasetName) =>
        $"Photos dataset '{datasetName}' needs photos to train on and held-out photos to evaluate on; upload the held-out ones in a 'held-out/' folder of the archive and the others at the top level or in 'train/'.";

    public TrainingSetup Setup(Hyperparameters hyperparameters, torch.Device device, long seed) => setup(hyperparameters, device, seed);

    public void Dispose()
    {
        foreach (var part in owned)
            part.Dispose();
    }
}
