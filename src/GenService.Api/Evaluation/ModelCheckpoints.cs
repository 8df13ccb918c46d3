using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Training;
using Microsoft.Extensions.Options;

namespace GenService.Api.Evaluation;

/// <summary>The exported models a model's training run left: one per checkpoint step, and the final one.</summary>
public sealed class ModelCheckpoints(IOptions<StorageOptions> storage)
{
    /// <returns>Steps and model files, newest first.</returns>
    public IReadOnlyList<(long Step, string Path)> Find(GenerativeModel model, TrainingRun run)
    {
        var exported = new CheckpointStore(storage.Value.Resolve(StorageLayout.RunCheckpoints(run.Id))).Models().ToList();
        // The final model has its own file; it is the last checkpoint's, unless that folder was lost.
        if (model.CheckpointLocation is { } final && exported.All(c => c.Step != run.TotalSteps))
            exported.Insert(0, (run.TotalSteps, storage.Value.Resolve(final)));
        return exported;
    }
}
