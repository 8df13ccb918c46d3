using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
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
/// row Ready: a failure leaves no files and a Failed row. A worker holds the network it trains by its lease
/// (<see cref="RecordLeases"/>), so no two train it at once, and another takes over the training of a killed node.
/// Each database write is a short unit of work in its own scope, so a job of minutes never holds a DbContext.
/// </summary>
public sealed class FeatureNetworkStore(
    IServiceScopeFactory scopes,
    DatasetLoader datasets,
    RecordLeases leases,
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

    /// <summary>A network is taken when queued, or when training and the lease of its worker has lapsed (a killed node);
    /// either way it is trained from the start.</summary>
    private static readonly LeaseTerms<DatasetFeatureNetwork> Terms = new("Feature network", f => f.Status == FeatureNetworkStatus.Queued || f.Status == FeatureNetworkStatus.Training)
    {
        OnTake = (set, now) => set.SetProperty(f => f.Status, FeatureNetworkStatus.Training).SetProperty(f => f.StartedAt, now),
    };

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
    /// A Ready network of the purpose for the dataset, trained here and now if there is none: an unfinished one is
    /// trained or waited for (<see cref="TrainOrWaitAsync"/>), and otherwise a new one is made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network failed to train, or was deleted.</exception>
    public async Task<DatasetFeatureNetwork> ReadyAsync(Dataset dataset, DatasetNetworkPurpose purpose, CancellationToken cancellationToken)
    {
        if (await FindReadyAsync(dataset.Id, purpose, cancellationToken) is { } ready)
            return ready;
        var unfinished = await FindUnfinishedAsync(dataset.Id, purpose, cancellationToken) ?? await CreateAsync(dataset, purpose, cancellationToken);
        var finished = await TrainOrWaitAsync(unfinished.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The {Name(purpose)} network {unfinished.Id} was deleted (with its dataset).");
        return finished.Status == FeatureNetworkStatus.Ready
            ? finished
            : throw new InvalidOperationException($"The {Name(purpose)} network of dataset {dataset.Id} (version {finished.Version}) failed to train: {finished.Error}");
    }

    /// <summary>
    /// Trains the network here unless another live worker holds it; then waits until that worker has made it Ready
    /// or Failed, taking the training over should its lease lapse (a killed node).
    /// </summary>
    /// <returns>The network, Ready or Failed; null when it was deleted.</returns>
    /// <exception cref="Exception">Training it here failed (the network is then Failed).</exception>
    public async Task<DatasetFeatureNetwork?> TrainOrWaitAsync(Guid id, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            if (!await TryTrainAsync(id, cancellationToken) && !waiting)
            {
                logger.LogInformation("Waiting for network {FeatureNetworkId}, which another worker trains", id);
                waiting = true;
            }
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
                var featureNetwork = await db.FeatureNetworks.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
                if (featureNetwork is null or { Status: FeatureNetworkStatus.Ready or FeatureNetworkStatus.Failed })
                    return featureNetwork;
            }
            await Task.Delay(evaluation.Value.PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>Trains the network if no live worker holds it, taking its lease first so that no other worker trains it too.</summary>
    /// <returns>False when it was held by another worker, had finished or was gone, or when another worker took it over
    /// while it trained here.</returns>
    private async Task<bool> TryTrainAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var lease = await leases.TryTakeAsync(id, Terms, cancellationToken);
        if (lease is null)
            return false;
        DatasetFeatureNetwork featureNetwork;
        Dataset? dataset;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
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
                ? TrainSegmentation(featureNetwork, dataset, staging, lease.Token)
                : TrainFeatures(featureNetwork, dataset, staging, lease.Token));
            if (!await FinishAsync(id, lease.Owner, FeatureNetworkStatus.Ready, f => f
                    .SetProperty(x => x.StorageLocation, location)
                    .SetProperty(x => x.HeldOutAccuracy, accuracy)
                    .SetProperty(x => x.FeatureDimension, dimension)
                    .SetProperty(x => x.Task, task)))
            {
                // The row went with its dataset while this trained: its files must not outlive it.
                if (!await ExistsAsync(id))
                    StorageLayout.DeleteFolder(storage.Value.Resolve(location));
                return false;
            }
            logger.LogInformation("{Purpose} network {FeatureNetworkId} is ready: held-out accuracy {Accuracy:P1} ({Task})", featureNetwork.Purpose, id, accuracy, task);
            return true;
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
        {
            // Shutting down: back in the queue, for the next job to train. Or another worker took the training over.
            await FinishAsync(id, lease.Owner, FeatureNetworkStatus.Queued, f => f.SetProperty(x => x.StartedAt, (DateTime?)null).SetProperty(x => x.FinishedAt, (DateTime?)null));
            if (cancellationToken.IsCancellationRequested)
                throw;
            logger.LogWarning("{Purpose} network {FeatureNetworkId} was taken over by another worker", featureNetwork.Purpose, id);
            return false;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "{Purpose} network {FeatureNetworkId} failed", featureNetwork.Purpose, id);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await FinishAsync(id, lease.Owner, FeatureNetworkStatus.Failed, f => f.SetProperty(x => x.Error, error[..Math.Min(error.Length, 4000)]));
            throw;
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
        // One folder per attempt: a worker that lost the network's lease (the database was unreachable) and goes on
        // training must not write into the folder of the one that took it over.
        var stagingPath = storage.Value.Resolve(Path.Combine(StorageLayout.Staging, $"feature-network-{network.Id:N}-{Guid.NewGuid():N}"));
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

    /// <summary>Ends the training as <paramref name="status"/> and gives up its lease, if the row still exists and this
    /// worker still trains it.</summary>
    private async Task<bool> FinishAsync(
        Guid id,
        string owner,
        FeatureNetworkStatus status,
        Action<UpdateSettersBuilder<DatasetFeatureNetwork>> set)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = Now;
        var updated = await db.FeatureNetworks
            .Where(f => f.Id == id && f.LeaseOwner == owner && f.Status == FeatureNetworkStatus.Training)
            .ExecuteUpdateAsync(setters =>
            {
                setters
                    .SetProperty(f => f.Status, status)
                    .SetProperty(f => f.FinishedAt, now)
                    .SetProperty(f => f.LeaseOwner, (string?)null)
                    .SetProperty(f => f.LeaseExpiresAt, (DateTime?)null);
                set(setters);
            }, CancellationToken.None);
        return updated == 1;
    }

    private async Task<bool> ExistsAsync(Guid id)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.FeatureNetworks.AnyAsync(f => f.Id == id, CancellationToken.None);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
