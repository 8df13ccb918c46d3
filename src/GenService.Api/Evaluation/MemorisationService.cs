using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Evaluation;

/// <summary>What the memorisation check found for one seed, and the picture of it.</summary>
public sealed record MemorisationFindings(MemorisationResponse Response, byte[] GridPng);

/// <summary>
/// The memorisation check of one generated image, as the lecture shows for GAN samples: its nearest
/// training images in the feature network's space and in pixel space. The image comes from the inference
/// engine, so it is exactly the image POST /v1/models/{id}/samples returns for that seed.
/// </summary>
public sealed class MemorisationService(
    GenServiceDbContext db,
    InferenceEngine engine,
    FeatureNetworkStore store,
    FeatureNetworkService featureNetworks,
    ModelFamilyCatalog families,
    DatasetLoader datasets,
    IOptions<StorageOptions> storage,
    IOptions<TrainingOptions> training)
{
    public const int MaxNeighbours = 32;
    private const int GridPadding = 2;

    public async Task<ServiceResult<MemorisationFindings>> CheckAsync(Guid modelId, long seed, int k, CancellationToken cancellationToken)
    {
        if (k is < 1 or > MaxNeighbours)
            return ServiceError.Invalid("k", $"Must be between 1 and {MaxNeighbours}.");
        var model = await db.Models.AsNoTracking().Include(m => m.Dataset).FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null)
            return ServiceError.NotFound($"Model {modelId} does not exist.");
        // Refused before a feature network is queued for a model whose images it could never compare.
        if (CapabilityCheck.Require(families, model.Architecture, ModelCapability.Sample) is { } unsupported)
            return unsupported;
        if (model.Status != ModelStatus.Ready || model.CheckpointLocation is null)
            return ServiceError.Conflict($"The model is {model.Status}; only Ready models generate images.");
        if (model.Dataset is not { } dataset)
            return ServiceError.Conflict("The model's dataset has been deleted: there are no training images to compare with.");
        var featureNetwork = await store.FindReadyAsync(dataset.Id, DatasetNetworkPurpose.Features, cancellationToken);
        if (featureNetwork is null)
        {
            var training = await store.FindUnfinishedAsync(dataset.Id, DatasetNetworkPurpose.Features, cancellationToken) ?? await featureNetworks.QueueAsync(dataset, cancellationToken);
            return ServiceError.Conflict(
                $"The dataset's feature network (version {training.Version}) is {training.Status}; try again when it is Ready: " +
                $"/v1/datasets/{dataset.Id}/feature-networks/{training.Id}.");
        }
        var run = await db.TrainingRuns.AsNoTracking().Where(r => r.ModelId == modelId).OrderByDescending(r => r.CreatedAt).FirstAsync(cancellationToken);

        var served = new ServedModel(model.Id, model.Architecture, storage.Value.Resolve(model.CheckpointLocation));
        var generated = await engine.RunAsync(served, new SampleWork([seed]), cancellationToken);
        if (generated.Error is not null)
            return generated.Error;

        var typical = await TypicalDistancesAsync(modelId, featureNetwork.Id, cancellationToken);
        using var inputs = EvaluationInputs.Load(datasets, dataset, store.FolderOf(featureNetwork), run.Seed, training.Value.ValidationFraction, CPU);
        if (k > inputs.Data.Train.Count)
            return ServiceError.Invalid("k", $"The model's training split has only {inputs.Data.Train.Count} images.");

        using var scope = NewDisposeScope();
        var (pixels, _, shape) = generated.Value!;
        var query = SampleImages.ToShape(tensor(pixels, shape.AsBatch(1)), inputs.Extractor.InputShape);   // uint8 [1, C, H, W]
        var inFeatures = Memorisation.Nearest(inputs.Extractor.Extract(query), inputs.Data.TrainFeatures, k);
        var inPixels = Memorisation.Nearest(PixelVectors.Of(query), PixelVectors.Of(inputs.Data.Train.Images), k)
            .Select(n => n with { Distance = n.Distance * PixelVectors.ToUnitDistance }).ToList();

        var response = new MemorisationResponse(
            seed,
            k,
            FeatureNetworkService.Summarise(featureNetwork),
            ToResponses(inFeatures, inputs.TrainIndices),
            ToResponses(inPixels, inputs.TrainIndices),
            typical.Features,
            typical.Pixels,
            GridUrl(modelId, seed, k));
        return new MemorisationFindings(response, Grid(query, inputs.Data.Train.Images, inFeatures, inPixels));
    }

    public static string GridUrl(Guid modelId, long seed, int k) => $"/v1/models/{modelId}/memorisation/grid.png?seed={seed}&k={k}";

    /// <summary>Two rows: the generated image then its feature-space neighbours; the generated image then its pixel-space neighbours.</summary>
    private static byte[] Grid(Tensor query, Tensor trainImages, IReadOnlyList<Neighbour> inFeatures, IReadOnlyList<Neighbour> inPixels)
    {
        using var scope = NewDisposeScope();
        Tensor Row(IReadOnlyList<Neighbour> neighbours) =>
            cat([query, trainImages.index_select(0, tensor(neighbours.Select(n => n.Index).ToArray()))], 0);
        var tiles = cat([Row(inFeatures), Row(inPixels)], 0);
        return ImageCodec.Encode(ImageGrid.Tile(tiles, inFeatures.Count + 1, GridPadding, padValue: 255), ImageFormat.Png);
    }

    private static List<NeighbourResponse> ToResponses(IReadOnlyList<Neighbour> neighbours, Tensor trainIndices) =>
        [.. neighbours.Select(n => new NeighbourResponse(trainIndices[n.Index].item<long>(), n.Distance))];

    private async Task<(double? Features, double? Pixels)> TypicalDistancesAsync(Guid modelId, Guid featureNetworkId, CancellationToken cancellationToken)
    {
        var newest = await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelId == modelId && e.FeatureNetworkId == featureNetworkId && e.Status == EvaluationStatus.Succeeded)
            .OrderByDescending(e => e.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return newest is null ? (null, null) : EvaluationFigures.TypicalDistances(newest.Figures);
    }
}
