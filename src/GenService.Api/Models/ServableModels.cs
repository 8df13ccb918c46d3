using GenService.Api.Accounts;
using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Models;

/// <summary>
/// Finds the weights a generation runs on: a Ready model's final weights, or the model exported with one
/// of its checkpoints, so a model can be tried while it is still training.
/// </summary>
/// <remarks>Checkpoints are served for Training, Ready and Canceled models. A Failed run's checkpoints are
/// not: it failed because something went wrong (a diverged loss, bad data), so its weights are suspect.</remarks>
public sealed class ServableModels(GenServiceDbContext db, Caller caller, ReadyModelCache ready, IOptions<StorageOptions> storage)
{
    /// <returns>The weights; Invalid for a malformed selector, NotFound for an unknown model or step,
    /// Conflict when the model has no such weights in its state (not Ready, no checkpoint yet, failed).</returns>
    public async Task<ServiceResult<ServedModel>> FindAsync(Guid id, string? checkpoint, CancellationToken cancellationToken)
    {
        if (!CheckpointSelector.TryParse(checkpoint, out var selector))
            return ServiceError.Invalid("checkpoint", CheckpointSelector.Help);
        if (selector.IsFinal && ready.Find(id, caller) is { } remembered)
            return remembered;
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null)
            return ServiceError.NotFound($"Model {id} does not exist.");
        return selector.IsFinal ? Final(model) : await CheckpointAsync(model, selector, cancellationToken);
    }

    /// <summary>Forgets a deleted model's weights at once, rather than when they would expire.</summary>
    public void Forget(Guid id) => ready.Forget(id);

    /// <returns>The checkpoints a generation can name, newest first (none for a Failed model); null when
    /// the model does not exist.</returns>
    public async Task<IReadOnlyList<ModelCheckpointResponse>?> ListCheckpointsAsync(Guid id, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null)
            return null;
        if (model.Status == ModelStatus.Failed)
            return [];
        return (await ExportedModelsAsync(id, cancellationToken))
            .Select(c => new ModelCheckpointResponse(c.Step, File.GetLastWriteTimeUtc(c.Path), new FileInfo(c.Path).Length))
            .ToList();
    }

    private ServiceResult<ServedModel> Final(GenerativeModel model)
    {
        if (model.Status != ModelStatus.Ready || model.CheckpointLocation is null)
        {
            var hint = model.Status is ModelStatus.Training or ModelStatus.Canceled
                ? " Name a checkpoint to sample it anyway, e.g. \"checkpoint\": \"latest\"."
                : "";
            return ServiceError.Conflict($"The model is {model.Status}; only Ready models have final weights.{hint}");
        }
        var served = new ServedModel(model.Id, model.Architecture, storage.Value.Resolve(model.CheckpointLocation));
        ready.Remember(served, model.AccountId);
        return served;
    }

    private async Task<ServiceResult<ServedModel>> CheckpointAsync(GenerativeModel model, CheckpointSelector selector, CancellationToken cancellationToken)
    {
        if (model.Status == ModelStatus.Failed)
            return ServiceError.Conflict("The model's training failed; its checkpoints are not served.");
        var exported = await ExportedModelsAsync(model.Id, cancellationToken);
        (long Step, string Path)? found = selector.Latest
            ? exported.Select(c => ((long, string)?)c).FirstOrDefault()
            : exported.Where(c => c.Step == selector.Step).Select(c => ((long, string)?)c).FirstOrDefault();
        if (found is not { } checkpoint)
        {
            return selector.Latest
                ? ServiceError.Conflict($"The model has no checkpoint yet; a training run writes one every Training:CheckpointEvery steps.")
                : ServiceError.NotFound($"Model {model.Id} has no checkpoint at step {selector.Step}; GET /v1/models/{model.Id}/checkpoints lists them.");
        }
        return new ServedModel(model.Id, model.Architecture, checkpoint.Path, checkpoint.Step);
    }

    /// <summary>The models exported with the checkpoints of every run of the model, newest step first.</summary>
    private async Task<IReadOnlyList<(long Step, string Path)>> ExportedModelsAsync(Guid modelId, CancellationToken cancellationToken)
    {
        var runIds = await db.TrainingRuns.AsNoTracking().Where(r => r.ModelId == modelId).Select(r => r.Id).ToListAsync(cancellationToken);
        return runIds
            .SelectMany(runId => new CheckpointStore(storage.Value.Resolve(StorageLayout.RunCheckpoints(runId))).Models())
            .OrderByDescending(c => c.Step)
            .DistinctBy(c => c.Step)
            .ToList();
    }
}
