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
/// Creates, trains and finds the feature networks of datasets. Training writes the network and the features
/// of every dataset image to a staging folder, moves it into the dataset's folder, and only then marks the
/// row Ready: a failure leaves no files and a Failed row. Each database write is a short unit of work in
/// its own scope, so a job of minutes never holds a DbContext.
/// </summary>
public sealed class FeatureNetworkStore(
    IServiceScopeFactory scopes,
    DatasetLoader datasets,
    IOptions<StorageOptions> storage,
    IOptions<TrainingOptions> training,
    IOptions<FeatureNetworkOptions> options,
    IOptions<EvaluationOptions> evaluation,
    TimeProvider clock,
    ILogger<FeatureNetworkStore> logger)
{
    public const string NetworkFileName = "network.bin";
    public const string FeaturesFileName = "features.bin";
    public const string ClassesTask = "classes";
    public const string RotationTask = "rotation";

    /// <summary>Adds a queued feature network as the dataset's next version.</summary>
    public async Task<DatasetFeatureNetwork> CreateAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        // Two requests may pick the same version; the unique index refuses the second, which tries again.
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            var version = 1 + (await db.FeatureNetworks.Where(f => f.DatasetId == dataset.Id).MaxAsync(f => (int?)f.Version, cancellationToken) ?? 0);
            var featureNetwork = new DatasetFeatureNetwork
            {
                Id = Guid.NewGuid(),
                DatasetId = dataset.Id,
                Version = version,
                Status = FeatureNetworkStatus.Queued,
                Task = dataset.Classes.Count >= 2 ? ClassesTask : RotationTask,
                Steps = options.Value.Steps,
                Seed = Random.Shared.NextInt64(0, 1L << 53),
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
                logger.LogInformation("Feature network version {Version} of dataset {DatasetId} was taken; trying the next", version, dataset.Id);
            }
        }
    }

    /// <summary>The dataset's newest Ready feature network, or null.</summary>
    public async Task<DatasetFeatureNetwork?> FindReadyAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.FeatureNetworks.AsNoTracking()
            .Where(f => f.DatasetId == datasetId && f.Status == FeatureNetworkStatus.Ready)
            .OrderByDescending(f => f.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The dataset's newest feature network that is queued or training, or null.</summary>
    public async Task<DatasetFeatureNetwork?> FindUnfinishedAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        return await db.FeatureNetworks.AsNoTracking()
            .Where(f => f.DatasetId == datasetId && (f.Status == FeatureNetworkStatus.Queued || f.Status == FeatureNetworkStatus.Training))
            .OrderByDescending(f => f.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A Ready feature network for the dataset, trained here and now if there is none: a queued one is
    /// claimed and trained, one that another worker trains is waited for, and otherwise a new one is made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The feature network failed to train.</exception>
    public async Task<DatasetFeatureNetwork> ReadyAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        if (await FindReadyAsync(dataset.Id, cancellationToken) is { } ready)
            return ready;
        var unfinished = await FindUnfinishedAsync(dataset.Id, cancellationToken) ?? await CreateAsync(dataset, cancellationToken);
        if (!await TrainIfQueuedAsync(unfinished.Id, cancellationToken))
            logger.LogInformation("Waiting for feature network {FeatureNetworkId}, which another worker trains", unfinished.Id);
        var finished = await WaitAsync(unfinished.Id, cancellationToken);
        return finished.Status == FeatureNetworkStatus.Ready
            ? finished
            : throw new InvalidOperationException($"The feature network of dataset {dataset.Id} (version {finished.Version}) failed to train: {finished.Error}");
    }

    /// <summary>Trains the feature network if it is still queued, claiming it first so that no other worker
    /// trains it too.</summary>
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
            logger.LogInformation("Training feature network {FeatureNetworkId} (version {Version}) of dataset {DatasetId}", id, featureNetwork.Version, dataset.Id);
            var (location, accuracy, dimension, task) = Train(featureNetwork, dataset, cancellationToken);
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
            logger.LogInformation("Feature network {FeatureNetworkId} is ready: held-out accuracy {Accuracy:P1} ({Task})", id, accuracy, task);
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
            logger.LogError(exception, "Feature network {FeatureNetworkId} failed", id);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await FinishAsync(id, FeatureNetworkStatus.Failed, f => f.SetProperty(x => x.Error, error[..Math.Min(error.Length, 4000)]));
            throw;
        }
    }

    /// <summary>Polls until the feature network is Ready or Failed.</summary>
    /// <exception cref="InvalidOperationException">It was deleted.</exception>
    public async Task<DatasetFeatureNetwork> WaitAsync(Guid id, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
                var featureNetwork = await db.FeatureNetworks.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
                    ?? throw new InvalidOperationException($"Feature network {id} was deleted (with its dataset).");
                if (featureNetwork.Status is FeatureNetworkStatus.Ready or FeatureNetworkStatus.Failed)
                    return featureNetwork;
            }
            await Task.Delay(evaluation.Value.PollInterval, cancellationToken);
        }
    }

    /// <summary>Folder of a Ready feature network's files.</summary>
    public string FolderOf(DatasetFeatureNetwork featureNetwork) =>
        storage.Value.Resolve(featureNetwork.StorageLocation ?? throw new InvalidOperationException($"Feature network {featureNetwork.Id} is {featureNetwork.Status}, not Ready."));

    /// <returns>Where the files went (relative to the data root), the held-out accuracy, the feature length and the task.</returns>
    private (string Location, double Accuracy, int Dimension, string Task) Train(DatasetFeatureNetwork featureNetwork, Dataset dataset, CancellationToken cancellationToken)
    {
        var settings = options.Value.ToSettings() with { Steps = featureNetwork.Steps };
        var device = TrainingDevice.Select(training.Value).ToTorch();
        var location = StorageLayout.FeatureNetwork(dataset.StorageLocation, featureNetwork.Id);
        var stagingPath = storage.Value.Resolve(Path.Combine(StorageLayout.Staging, $"feature-network-{featureNetwork.Id:N}"));
        try
        {
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
                Directory.CreateDirectory(stagingPath);
                var networkPath = Path.Combine(stagingPath, NetworkFileName);
                CheckpointStore.WriteAtomically(networkPath, trainer.Export);
                using (var extractor = FeatureExtractor.Load(networkPath, device))
                using (var features = extractor.Extract(all.Images))
                    FeatureFile.Write(Path.Combine(stagingPath, FeaturesFileName), features);

                var finalPath = storage.Value.Resolve(location);
                Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
                // Left by a process that died between this move and marking the row Ready.
                StorageLayout.DeleteFolder(finalPath);
                Directory.Move(stagingPath, finalPath);
                var task = trainer.Task == FeatureTask.Classes ? ClassesTask : RotationTask;
                return (location, accuracy, trainer.Architecture.FeatureDimension, task);
            }
        }
        finally
        {
            StorageLayout.DeleteFolder(stagingPath);
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
