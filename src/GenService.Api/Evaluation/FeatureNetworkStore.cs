using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace GenService.Api.Evaluation;

/// <summary>
/// Creates, trains and finds the networks trained on datasets: feature networks, and the segmentation networks of
/// labelmaps datasets (<see cref="DatasetNetworkPurpose"/>). Training writes the network (and a feature network's
/// features of every dataset image) to a staging folder, moves it into the dataset's folder, and only then marks the
/// row Ready: a failure leaves no files and a Failed row. Each database write is a short unit of work in its own
/// scope, so a job of minutes never holds a DbContext.
/// </summary>
public sealed class FeatureNetworkStore(
    IServiceScopeFactory scopes,
    DatasetLoader datasets,
    IOptions<StorageOptions> storage,
    IOptions<TrainingOptions> training,
    IOptions<FeatureNetworkOptions> options,
    IOptions<SegmentationNetworkOptions> segmentation,
    IOptions<EvaluationOptions> evaluation,
    TimeProvider clock,
    ILogger<FeatureNetworkStore> logger)
{
    public const string NetworkFileName = "network.bin";
    public const string FeaturesFileName = "features.bin";
    public const string ClassesTask = "classes";
    public const string RotationTask = "rotation";
    public const string SegmentationTask = "segmentation";

    /// <summary>The seed of every segmentation network: it splits the dataset into the maps it trains on and those it
    /// holds out, so every version splits a dataset the same way.</summary>
    public const long SegmentationSeed = 1;

    /// <summary>Adds a queued network of the purpose as the dataset's next version of it.</summary>
    public async Task<DatasetFeatureNetwork> CreateAsync(Dataset dataset, DatasetNetworkPurpose purpose, CancellationToken cancellationToken)
    {
        var segments = purpose == DatasetNetworkPurpose.Segmentation;
        // Two requests may pick the same version; the unique index refuses the second, which tries again.
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            var version = 1 + (await db.FeatureNetworks.Where(f => f.DatasetId == dataset.Id && f.Purpose == purpose).MaxAsync(f => (int?)f.Version, cancellationToken) ?? 0);
            var featureNetwork = new DatasetFeatureNetwork
            {
                Id = Guid.NewGuid(),
                AccountId = dataset.AccountId,
                DatasetId = dataset.Id,
                Purpose = purpose,
                Version = version,
                Status = FeatureNetworkStatus.Queued,
                Task = segments ? SegmentationTask : dataset.Classes.Count >= 2 ? ClassesTask : RotationTask,
                Steps = segments ? segmentation.Value.Steps : options.Value.Steps,
                Seed = segments ? SegmentationSeed : Random.Shared.NextInt64(0, 1L << 53),
                CreatedAt = Now,
            };
            db.FeatureNetworks.Add(featureNetwork);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return featureNetwork;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                logger.LogInformation("{Purpose} network version {Version} of dataset {DatasetId} was taken; trying the next", purpose, version, dataset.Id);
            }
        }
    }

    /// <summary>The dataset's newest Ready network of the purpose, or null.</summary>
    public async Task<DatasetFeatureNetwork?> FindReadyAsync(Guid datasetId, DatasetNetworkPurpose purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.FeatureNetworks.AsNoTracking()
            .Where(f => f.DatasetId == datasetId && f.Purpose == purpose && f.Status == FeatureNetworkStatus.Ready)
            .OrderByDescending(f => f.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The dataset's newest network of the purpose that is queued or training, or null.</summary>
    public async Task<DatasetFeatureNetwork?> FindUnfinishedAsync(Guid datasetId, DatasetNetworkPurpose purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.FeatureNetworks.AsNoTracking()
            .Where(f => f.DatasetId == datasetId && f.Purpose == purpose && (f.Status == FeatureNetworkStatus.Queued || f.Status == FeatureNetworkStatus.Training))
            .OrderByDescending(f => f.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A Ready network of the purpose for the dataset, trained here and now if there is none: a queued one is
    /// claimed and trained, one that another worker trains is waited for, and otherwise a new one is made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network failed to train.</exception>
    public async Task<DatasetFeatureNetwork> ReadyAsync(Dataset dataset, DatasetNetworkPurpose purpose, CancellationToken cancellationToken)
    {
        if (await FindReadyAsync(dataset.Id, purpose, cancellationToken) is { } ready)
            return ready;
        var unfinished = await FindUnfinishedAsync(dataset.Id, purpose, cancellationToken) ?? await CreateAsync(dataset, purpose, cancellationToken);
        if (!await TrainIfQueuedAsync(unfinished.Id, cancellationToken))
            logger.LogInformation("Waiting for {Purpose} network {FeatureNetworkId}, which another worker trains", purpose, unfinished.Id);
        var finished = await WaitAsync(unfinished.Id, cancellationToken);
        return finished.Status == FeatureNetworkStatus.Ready
            ? finished
            : throw new InvalidOperationException($"The {Name(purpose)} network of dataset {dataset.Id} (version {finished.Version}) failed to train: {finished.Error}");
    }

    /// <summary>Trains the network if it is still queued, claiming it first so that no other worker trains it too.</summary>
    /// <returns>False when it was not queued (taken, finished or gone).</returns>
    public async Task<bool> TrainIfQueuedAsync(Guid id, CancellationToken cancellationToken)
    {
        DatasetFeatureNetwork featureNetwork;
        Dataset? dataset;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            var now = Now;
            var claimed = await db.FeatureNetworks
                .Where(f => f.Id == id && f.Status == FeatureNetworkStatus.Queued)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.Status, FeatureNetworkStatus.Training).SetProperty(f => f.StartedAt, now), cancellationToken);
            if (claimed == 0)
                return false;
            featureNetwork = await db.FeatureNetworks.AsNoTracking().FirstAsync(f => f.Id == id, cancellationToken);
            dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == featureNetwork.DatasetId, cancellationToken);
        }

        try
        {
            if (dataset is null)
                throw new InvalidOperationException("Its dataset has been deleted.");
            logger.LogInformation("Training {Purpose} network {FeatureNetworkId} (version {Version}) of dataset {DatasetId}", featureNetwork.Purpose, id, featureNetwork.Version, dataset.Id);
            var location = StorageLayout.FeatureNetwork(dataset.StorageLocation, featureNetwork.Id);
            var (accuracy, dimension, task) = Publish(featureNetwork, location, staging => featureNetwork.Purpose == DatasetNetworkPurpose.Segmentation
                ? TrainSegmentation(featureNetwork, dataset, staging, cancellationToken)
                : TrainFeatures(featureNetwork, dataset, staging, cancellationToken));
            if (!await FinishAsync(id, FeatureNetworkStatus.Ready, f => f
                    .SetProperty(x => x.StorageLocation, location)
                    .SetProperty(x => x.HeldOutAccuracy, accuracy)
                    .SetProperty(x => x.FeatureDimension, dimension)
                    .SetProperty(x => x.Task, task)))
            {
                // The row went with its dataset while this trained: its files must not outlive it.
                StorageLayout.DeleteFolder(storage.Value.Resolve(location));
                return true;
            }
            logger.LogInformation("{Purpose} network {FeatureNetworkId} is ready: held-out accuracy {Accuracy:P1} ({Task})", featureNetwork.Purpose, id, accuracy, task);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: back in the queue, for the next start to train.
            await FinishAsync(id, FeatureNetworkStatus.Queued, f => f.SetProperty(x => x.StartedAt, (DateTime?)null).SetProperty(x => x.FinishedAt, (DateTime?)null));
            throw;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "{Purpose} network {FeatureNetworkId} failed", featureNetwork.Purpose, id);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await FinishAsync(id, FeatureNetworkStatus.Failed, f => f.SetProperty(x => x.Error, error[..Math.Min(error.Length, 4000)]));
            throw;
        }
    }

    /// <summary>Polls until the network is Ready or Failed.</summary>
    /// <exception cref="InvalidOperationException">It was deleted.</exception>
    public async Task<DatasetFeatureNetwork> WaitAsync(Guid id, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
                var featureNetwork = await db.FeatureNetworks.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
                    ?? throw new InvalidOperationException($"Network {id} was deleted (with its dataset).");
                if (featureNetwork.Status is FeatureNetworkStatus.Ready or FeatureNetworkStatus.Failed)
                    return featureNetwork;
            }
            await Task.Delay(evaluation.Value.PollInterval, cancellationToken);
        }
    }

    /// <summary>Folder of a Ready network's files.</summary>
    public string FolderOf(DatasetFeatureNetwork featureNetwork) =>
        storage.Value.Resolve(featureNetwork.StorageLocation ?? throw new InvalidOperationException($"Network {featureNetwork.Id} is {featureNetwork.Status}, not Ready."));

    /// <summary>"feature" or "segmentation", as messages name the purpose.</summary>
    private static string Name(DatasetNetworkPurpose purpose) => purpose == DatasetNetworkPurpose.Segmentation ? "segmentation" : "feature";

    /// <summary>Has <paramref name="train"/> write the network's files to a staging folder, then moves them to
    /// <paramref name="location"/>; the staging folder never outlives this.</summary>
    /// <returns>What <paramref name="train"/> returns: the held-out accuracy, the feature length and the task.</returns>
    private (double Accuracy, int? Dimension, string Task) Publish(
        DatasetFeatureNetwork network, string location, Func<string, (double Accuracy, int? Dimension, string Task)> train)
    {
        var stagingPath = storage.Value.Resolve(Path.Combine(StorageLayout.Staging, $"feature-network-{network.Id:N}"));
        try
        {
            Directory.CreateDirectory(stagingPath);
            var result = train(stagingPath);
            var finalPath = storage.Value.Resolve(location);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            // Left by a process that died between this move and marking the row Ready.
            StorageLayout.DeleteFolder(finalPath);
            Directory.Move(stagingPath, finalPath);
            return result;
        }
        finally
        {
            StorageLayout.DeleteFolder(stagingPath);
        }
    }

    /// <summary>Trains a feature network on the dataset's images (a labelmaps dataset's labelled by their styles) and
    /// writes it and the features of every image to <paramref name="folder"/>.</summary>
    /// <returns>The held-out accuracy, the feature length and the task.</returns>
    private (double Accuracy, int? Dimension, string Task) TrainFeatures(DatasetFeatureNetwork featureNetwork, Dataset dataset, string folder, CancellationToken cancellationToken)
    {
        var settings = options.Value.ToSettings() with { Steps = featureNetwork.Steps };
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var all = datasets.LoadImages(dataset);
        var (trainIndices, heldOutIndices) = DatasetTensors.SplitIndices(all.Count, settings.HeldOutFraction, featureNetwork.Seed);
        using (trainIndices)
        using (heldOutIndices)
        using (var train = all.Select(trainIndices))
        using (var heldOut = all.Select(heldOutIndices))
        using (var trainer = new FeatureNetworkTrainer(settings, train, device, featureNetwork.Seed))
        {
            trainer.Train(cancellationToken);
            var accuracy = trainer.Accuracy(heldOut);
            var networkPath = Path.Combine(folder, NetworkFileName);
            CheckpointStore.WriteAtomically(networkPath, trainer.Export);
            using (var extractor = FeatureExtractor.Load(networkPath, device))
            using (var features = extractor.Extract(all.Images))
                FeatureFile.Write(Path.Combine(folder, FeaturesFileName), features);
            return (accuracy, trainer.Architecture.FeatureDimension, trainer.Task == FeatureTask.Classes ? ClassesTask : RotationTask);
        }
    }

    /// <summary>Trains a segmentation network on the dataset's training split (the split of <see cref="SegmentationSeed"/>)
    /// at the dataset's size and writes it to <paramref name="folder"/>.</summary>
    /// <returns>The held-out pixel accuracy, no feature length, and the task.</returns>
    private (double Accuracy, int? Dimension, string Task) TrainSegmentation(DatasetFeatureNetwork segmentationNetwork, Dataset dataset, string folder, CancellationToken cancellationToken)
    {
        var settings = segmentation.Value.ToSettings() with { Steps = segmentationNetwork.Steps };
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var all = datasets.LoadLabelMaps(dataset);
        var (trainIndices, heldOutIndices) = DatasetTensors.SplitIndices(all.Count, settings.HeldOutFraction, segmentationNetwork.Seed);
        using (trainIndices)
        using (heldOutIndices)
        using (var train = all.Select(trainIndices))
        using (var heldOut = all.Select(heldOutIndices))
        using (var trainer = new SegmentationNetworkTrainer(settings, train, device, segmentationNetwork.Seed))
        {
            trainer.Train(cancellationToken);
            var networkPath = Path.Combine(folder, NetworkFileName);
            CheckpointStore.WriteAtomically(networkPath, trainer.Export);
            using var segmenter = Segmenter.Load(networkPath, device);
            return (LabelMapFidelity.ScoreRealImages(segmenter, heldOut).PixelAccuracy, null, SegmentationTask);
        }
    }

    /// <summary>Ends the training as <paramref name="status"/>, if the row still exists and is training.</summary>
    private async Task<bool> FinishAsync(
        Guid id,
        FeatureNetworkStatus status,
        Action<UpdateSettersBuilder<DatasetFeatureNetwork>> set)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = Now;
        var updated = await db.FeatureNetworks
            .Where(f => f.Id == id && f.Status == FeatureNetworkStatus.Training)
            .ExecuteUpdateAsync(setters =>
            {
                setters.SetProperty(f => f.Status, status).SetProperty(f => f.FinishedAt, now);
                set(setters);
            }, CancellationToken.None);
        return updated == 1;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
