using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.SocialGan;
using GenService.ML.Runtime;
using GenService.ML.Training;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Evaluation;

/// <summary>
/// The Hangfire job that evaluates one model checkpoint. It receives only the evaluation id; the figures
/// are written in one update when everything is computed, so a failure or a shutdown never leaves half
/// of them. What it measures follows the family's declared capability (<see cref="EvaluationKinds"/>); when
/// that needs the dataset's feature network (or, for label-map fidelity, its segmentation network) and the dataset
/// has none yet, this job trains one first.
/// </summary>
/// <remarks>
/// No automatic retries, as <see cref="TrainingJob"/>: an evaluation that fails (a model that cannot
/// sample, a deleted dataset) fails the same way again. One interrupted by a shutdown goes back to Queued; it,
/// or one whose node was killed, is taken up again by the next job for it once its lease is free
/// (<see cref="RecordLeases"/>): on PostgreSQL the same job, handed to another node; otherwise the one
/// <see cref="JobRecovery"/> gives it at the next start.
/// </remarks>
public sealed class EvaluationJob(
    IServiceScopeFactory scopes,
    FeatureNetworkStore featureNetworks,
    RecordLeases leases,
    ModelCheckpoints checkpoints,
    ModelFamilyCatalog families,
    DatasetLoader datasets,
    IOptions<TrainingOptions> training,
    IOptions<EvaluationOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<EvaluationJob> logger)
{
    public const string Queue = "evaluation";

    /// <summary>An evaluation is taken when queued (it may still wait for a feature network), or when running and the
    /// lease of its worker has lapsed (a killed node); either way it starts over.</summary>
    private static readonly LeaseTerms<ModelEvaluation> Terms =
        new("Evaluation", e => e.Status == EvaluationStatus.Queued || e.Status == EvaluationStatus.Running);

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task Run(Guid evaluationId, CancellationToken jobCancellation)
    {
        await using var lease = await leases.TakeAsync(evaluationId, Terms, jobCancellation);
        var target = lease is null ? null : await FindAsync(evaluationId, lease.Token);
        if (lease is null || target is null)
        {
            logger.LogInformation("Evaluation {EvaluationId} has already run or does not exist; nothing to do", evaluationId);
            return;
        }

        var cancellationToken = lease.Token;
        try
        {
            var (evaluation, model, run, dataset) = target.Value;
            if (dataset is null)
                throw new InvalidOperationException("The model's dataset has been deleted: the evaluation compares the model's output with its images.");
            var family = families.Find(model.Architecture)
                ?? throw new InvalidOperationException($"Architecture '{model.Architecture}' is not available in this service.");
            var kind = EvaluationKinds.OnDataset(family, EvaluationKinds.Of(family)
                ?? throw new InvalidOperationException($"A {model.Architecture} model has nothing an evaluation measures."), dataset.Kind);
            var featureNetwork = EvaluationKinds.NeedsFeatureNetwork(kind, dataset.Kind)
                ? await featureNetworks.ReadyAsync(dataset, DatasetNetworkPurpose.Features, cancellationToken)
                : null;
            var segmentationNetwork = kind == EvaluationKind.LabelMapFidelity
                ? await featureNetworks.ReadyAsync(dataset, DatasetNetworkPurpose.Segmentation, cancellationToken)
                : null;
            if (!await StartAsync(evaluationId, lease.Owner, featureNetwork?.Id, segmentationNetwork?.Id, cancellationToken))
                return;
            logger.LogInformation("Evaluating model {ModelId} at step {Step} ({Kind}) on feature network {FeatureNetworkId}", model.Id, evaluation.Step, kind, featureNetwork?.Id);
            var featureNetworkFolder = featureNetwork is null ? null : featureNetworks.FolderOf(featureNetwork);
            // A libtorch failure is most likely TorchSharp's transient scalar race; the figures come from fixed seeds,
            // so a second pass gives what the first should have, instead of losing the evaluation of a trained model.
            var figures = LibTorchRetry.Once(() => kind switch
            {
                EvaluationKind.Sampling => EvaluateSampler(evaluation, family, model, run, dataset, featureNetworkFolder!, cancellationToken),
                EvaluationKind.SuperResolution => Store(evaluation, EvaluationFigures.SuperResolutionSet, EvaluateSuperResolver(evaluation, family, model, run, dataset, cancellationToken)),
                EvaluationKind.Translation => Store(evaluation, EvaluationFigures.TranslationSet, EvaluateTranslator(evaluation, family, model, run, dataset, featureNetworkFolder, cancellationToken)),
                EvaluationKind.CycleTranslation => Store(evaluation, EvaluationFigures.CycleTranslationSet, EvaluateCycleTranslator(evaluation, family, model, run, dataset, featureNetworkFolder!, cancellationToken)),
                EvaluationKind.LabelMapFidelity => Store(evaluation, EvaluationFigures.LabelMapFidelitySet, EvaluateLabelMapRenderer(
                    evaluation, family, model, run, dataset, featureNetworkFolder!, featureNetworks.FolderOf(segmentationNetwork!), cancellationToken)),
                EvaluationKind.TextToImage => Store(evaluation, EvaluationFigures.TextToImageSet, EvaluateTextToImage(evaluation, family, model, run, dataset, featureNetworkFolder!, cancellationToken)),
                EvaluationKind.TrajectoryForecasting => EvaluateForecaster(evaluation, family, model, run, dataset, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            }, error => logger.LogWarning(
                error, "Evaluation {EvaluationId} failed in libtorch ({Cause}); computing it once more", evaluationId, error.Message.Split('\n')[0]));
            await FinishAsync(evaluationId, lease.Owner, EvaluationStatus.Succeeded, figures, error: null);
            logger.LogInformation("Evaluation {EvaluationId} succeeded", evaluationId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down, or another worker took the evaluation over: it starts over there, keeping nothing from here.
            await RequeueAsync(evaluationId, lease.Owner);
            if (jobCancellation.IsCancellationRequested)
                throw;
            logger.LogWarning("Evaluation {EvaluationId} was taken over by another worker", evaluationId);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Evaluation {EvaluationId} failed", evaluationId);
            await FinishAsync(evaluationId, lease.Owner, EvaluationStatus.Failed, [], $"{exception.GetType().Name}: {exception.Message}");
            throw;
        }
    }

    /// <summary>The model's samples against the dataset, next to the floor and the ceiling (<see cref="ModelEvaluator"/>).</summary>
    private Dictionary<string, double> EvaluateSampler(ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, string featureNetworkFolder, CancellationToken cancellationToken)
    {
        var modelPath = ModelPath(evaluation, model, run);
        var device = TrainingDevice.Select(training.Value).ToTorch();

        using var inputs = EvaluationInputs.Load(datasets, dataset, featureNetworkFolder, run.Seed, training.Value.ValidationFraction, device);
        using var generator = family.LoadModel(modelPath, device);
        var hyperparameters = Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters);
        using var untrained = family.CreateTrainer(new TrainingSetup(hyperparameters, inputs.Data.Train, inputs.Data.HeldOut, device, run.Seed));
        var evaluator = new ModelEvaluator(inputs.Extractor, options.Value.ToSettings(evaluation.RequestedSampleCount));
        if (evaluator.Check(inputs.Data) is { } reason)
            throw new InvalidOperationException(reason);
        return EvaluationFigures.From(evaluator.Evaluate(generator, untrained, inputs.Data, cancellationToken));
    }

    /// <summary>The model against bicubic upscaling on fixed crops of the held-out images or photos, split as its run split them.</summary>
    private ImageToImageEvaluation EvaluateSuperResolver(ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        var superResolver = (ISuperResolver)loaded;
        using var data = TrainingData.Load(datasets, dataset, training.Value.ValidationFraction, run.Seed);
        var heldOut = data.Setup(Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters), device, run.Seed);
        using var crops = heldOut.ValidationPhotos is { } photos
            ? SuperResolutionHeldOutCrops.Of(photos, superResolver.Scale, evaluation.RequestedSampleCount)
            : SuperResolutionHeldOutCrops.Of(heldOut.Validation, superResolver.Scale, evaluation.RequestedSampleCount);
        return SuperResolutionEvaluator.Evaluate(superResolver, crops, cancellationToken);
    }

    /// <summary>The model's translations of held-out pairs (a pairs dataset's stored ones, or derived from the held-out
    /// images as its trainer derived them) against their targets; Fréchet distances when the dataset has a feature network.</summary>
    private ImageToImageEvaluation EvaluateTranslator(ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, string? featureNetworkFolder, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        var translationInputs = family as ITranslationInputs
            ?? throw new InvalidOperationException($"The {model.Architecture} family translates but does not describe its inputs.");
        var hyperparameters = Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters);
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        using var features = featureNetworkFolder is null ? null : FeatureExtractor.Load(Path.Combine(featureNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
        using var data = TrainingData.Load(datasets, dataset, training.Value.ValidationFraction, run.Seed);
        var setup = data.Setup(hyperparameters, device, run.Seed);
        using var pairs = setup.ValidationPairs is { } stored
            ? FirstStoredPairs(stored, evaluation.RequestedSampleCount, model.ImageHeight)
            : FirstDerivedPairs(translationInputs, hyperparameters, setup.Validation, evaluation.RequestedSampleCount, model);
        return TranslationEvaluator.Evaluate((IImageTranslator)loaded, pairs, features, (int)pairs.Count, cancellationToken);
    }

    /// <summary>The model's translations of the run's held-out images of each domain, both ways and back, classified by the
    /// dataset's feature network (<see cref="CycleTranslationEvaluator"/>).</summary>
    private ImageToImageEvaluation EvaluateCycleTranslator(ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, string featureNetworkFolder, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        var domains = family as IUnpairedDomains
            ?? throw new InvalidOperationException($"The {model.Architecture} family translates both ways but does not name its domains.");
        var hyperparameters = Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters);
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        using var classifier = FeatureExtractor.Load(Path.Combine(featureNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
        using var data = TrainingData.Load(datasets, dataset, training.Value.ValidationFraction, run.Seed);
        var heldOut = data.Setup(hyperparameters, device, run.Seed).Validation;
        if (heldOut.Labels is null)
            throw new InvalidOperationException("The model's dataset has no labels: its domains cannot be found.");
        using var atModelSize = heldOut.ResizedTo(model.ImageHeight);
        return CycleTranslationEvaluator.Evaluate(
            (ITwoWayTranslator)loaded, atModelSize, domains.DomainLabels(hyperparameters), classifier, evaluation.RequestedSampleCount, cancellationToken);
    }

    /// <summary>The model's renderings of the run's held-out maps (at the model's size, as its trainer resized them) segmented
    /// by the dataset's segmentation network and compared with the real images on its feature network (<see cref="LabelMapFidelityEvaluator"/>).
    /// A translator of painted maps renders them painted (<see cref="PaintedMapTranslator"/>).</summary>
    private ImageToImageEvaluation EvaluateLabelMapRenderer(
        ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset,
        string featureNetworkFolder, string segmentationNetworkFolder, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        using var features = FeatureExtractor.Load(Path.Combine(featureNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
        using var segmenter = Segmenter.Load(Path.Combine(segmentationNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
        using var data = TrainingData.Load(datasets, dataset, training.Value.ValidationFraction, run.Seed);
        var setup = data.Setup(Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters), device, run.Seed);
        var heldOut = setup.ValidationLabelMaps!;
        var renderer = loaded as ILabelMapRenderer ?? new PaintedMapTranslator((IImageTranslator)loaded, heldOut.Classes, heldOut.DontCareIndex);
        return LabelMapFidelityEvaluator.Evaluate(
            renderer, segmenter, setup.TrainLabelMaps!, heldOut, features, model.ImageHeight, evaluation.RequestedSampleCount, cancellationToken);
    }

    /// <summary>The model's drawings of the run's held-out captions classified by the dataset's feature network (<see cref="TextToImageEvaluator"/>).</summary>
    private ImageToImageEvaluation EvaluateTextToImage(
        ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, string featureNetworkFolder, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        using var classifier = FeatureExtractor.Load(Path.Combine(featureNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
        using var data = TrainingData.Load(datasets, dataset, training.Value.ValidationFraction, run.Seed);
        var heldOut = data.Setup(Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters), device, run.Seed).ValidationCaptions
            ?? throw new InvalidOperationException("The model's dataset holds no captions to draw.");
        return TextToImageEvaluator.Evaluate((ITextToImageGenerator)loaded, heldOut, classifier, evaluation.RequestedSampleCount, cancellationToken);
    }

    /// <summary>The model's best of <see cref="ForecastEvaluation.Samples"/> forecasts of the first windows of the dataset's
    /// held-out scenes (test/ when it has them, else val/), window i forecast with seed i, against the baselines (<see cref="ForecastEvaluation"/>).</summary>
    private Dictionary<string, double> EvaluateForecaster(ModelEvaluation evaluation, IModelFamily family, GenerativeModel model, TrainingRun run, Dataset dataset, CancellationToken cancellationToken)
    {
        var device = TrainingDevice.Select(training.Value).ToTorch();
        using var loaded = family.LoadModel(ModelPath(evaluation, model, run), device);
        var forecaster = (ITrajectoryForecaster)loaded;
        var scenes = datasets.LoadTrajectories(dataset);
        var test = scenes.Where(s => s.Split == TrajectorySplit.Test).ToList();
        var heldOut = test.Count > 0 ? test : scenes.Where(s => s.Split == TrajectorySplit.Validation).ToList();
        var windows = TrajectoryWindows.Cut(heldOut, forecaster.ObservedSteps + forecaster.PredictedSteps).Take(evaluation.RequestedSampleCount).ToList();
        if (windows.Count == 0)
        {
            throw new InvalidOperationException(
                $"No held-out scene ({(test.Count > 0 ? "test" : "val")}/) has anyone seen in {forecaster.ObservedSteps + forecaster.PredictedSteps} consecutive frames: there is nothing to forecast.");
        }
        var figures = ForecastEvaluation.Evaluate(
            windows, forecaster.ObservedSteps, forecaster.PredictedSteps, batchWindows: 1, TorchSharp.torch.CPU,
            (observed, _, window) => forecaster.Forecast(observed, ForecastEvaluation.Samples, window), cancellationToken);
        return EvaluationFigures.FromForecasts(figures, windows.Count, fromTestScenes: test.Count > 0);
    }

    /// <summary>The first held-out stored pairs at the model's size, as its trainer resized them.</summary>
    private static ImagePairs FirstStoredPairs(ImagePairs heldOut, int requested, int size)
    {
        using var indices = TorchSharp.torch.arange(Math.Min(heldOut.Count, requested));
        using var first = heldOut.Select(indices);
        return first.ResizedTo(size);
    }

    /// <summary>The first held-out images at the model's size, as its trainer resized them, with the inputs it derives from them.</summary>
    private static ImagePairs FirstDerivedPairs(ITranslationInputs translationInputs, Hyperparameters hyperparameters, DatasetTensors heldOut, int requested, GenerativeModel model)
    {
        using var firstImages = heldOut.Images.narrow(0, 0, Math.Min(heldOut.Count, requested));
        var targets = SampleImages.ToShape(firstImages, new ImageShape(model.Channels, model.ImageHeight, model.ImageWidth));
        return new ImagePairs(translationInputs.InputsFor(targets, hyperparameters), targets);
    }

    /// <summary>Writes the comparison image beside the model's files (whole or not at all) and returns the figures.</summary>
    private Dictionary<string, double> Store(ModelEvaluation evaluation, string set, ImageToImageEvaluation result)
    {
        var path = storage.Value.Resolve(StorageLayout.EvaluationComparison(evaluation.ModelId, evaluation.Id));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        CheckpointStore.WriteAtomically(path, stream => stream.Write(result.ComparisonPng));
        return EvaluationFigures.From(set, result);
    }

    private string ModelPath(ModelEvaluation evaluation, GenerativeModel model, TrainingRun run)
    {
        var (_, modelPath) = checkpoints.Find(model, run).FirstOrDefault(c => c.Step == evaluation.Step);
        if (modelPath is null || !File.Exists(modelPath))
            throw new InvalidOperationException($"The model exported at step {evaluation.Step} is gone.");
        return modelPath;
    }

    private async Task<(ModelEvaluation Evaluation, GenerativeModel Model, TrainingRun Run, Dataset? Dataset)?> FindAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var evaluation = await db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evaluationId, cancellationToken);
        if (evaluation is null)
            return null;
        var model = await db.Models.AsNoTracking().Include(m => m.Dataset).FirstAsync(m => m.Id == evaluation.ModelId, cancellationToken);
        var run = await db.TrainingRuns.AsNoTracking().Where(r => r.ModelId == model.Id).OrderByDescending(r => r.CreatedAt).FirstAsync(cancellationToken);
        return (evaluation, model, run, model.Dataset);
    }

    /// <summary>Running on these networks, as long as this worker holds the evaluation.</summary>
    private async Task<bool> StartAsync(Guid evaluationId, string owner, Guid? featureNetworkId, Guid? segmentationNetworkId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = Now;
        return await db.Evaluations
            .Where(e => e.Id == evaluationId && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.Status, EvaluationStatus.Running)
                .SetProperty(e => e.FeatureNetworkId, featureNetworkId)
                .SetProperty(e => e.SegmentationNetworkId, segmentationNetworkId)
                .SetProperty(e => e.StartedAt, now), cancellationToken) == 1;
    }

    /// <summary>Ends the evaluation and gives up its lease, unless another worker holds it now.</summary>
    private async Task FinishAsync(Guid evaluationId, string owner, EvaluationStatus status, Dictionary<string, double> figures, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var evaluation = await db.Evaluations.FirstOrDefaultAsync(
            e => e.Id == evaluationId && e.LeaseOwner == owner && (e.Status == EvaluationStatus.Queued || e.Status == EvaluationStatus.Running), CancellationToken.None);
        if (evaluation is null)
            return;
        evaluation.Status = status;
        evaluation.Figures = figures.Where(f => double.IsFinite(f.Value)).ToDictionary();
        evaluation.Error = error?[..Math.Min(error.Length, 4000)];
        evaluation.FinishedAt = Now;
        evaluation.LeaseOwner = null;
        evaluation.LeaseExpiresAt = null;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task RequeueAsync(Guid evaluationId, string owner)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        await db.Evaluations
            .Where(e => e.Id == evaluationId && e.LeaseOwner == owner && e.Status == EvaluationStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, EvaluationStatus.Queued).SetProperty(e => e.StartedAt, (DateTime?)null), CancellationToken.None);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
