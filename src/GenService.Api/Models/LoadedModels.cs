using System.Collections.Concurrent;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Runtime;
using Microsoft.Extensions.Options;

namespace GenService.Api.Models;

/// <summary>
/// Trained models loaded for inference, kept warm after first use. One request at a time runs on a
/// model: TorchSharp modules are not safe to call from several threads at once.
/// </summary>
public sealed class LoadedModels(ModelFamilyCatalog families, IOptions<StorageOptions> storage) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<LoadedModel>> models = new();

    public async Task<T> UseAsync<T>(GenerativeModel model, Func<IGenerativeModel, T> use, CancellationToken cancellationToken)
    {
        var loaded = models.GetOrAdd(model.Id, _ => new Lazy<LoadedModel>(() => Load(model))).Value;
        await loaded.Gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => use(loaded.Model), cancellationToken);
        }
        finally
        {
            loaded.Gate.Release();
        }
    }

    /// <summary>Drops a model (it was deleted); a request using it finishes first.</summary>
    public void Evict(Guid modelId)
    {
        if (models.TryRemove(modelId, out var entry) && entry.IsValueCreated)
        {
            entry.Value.Gate.Wait();
            entry.Value.Dispose();
        }
    }

    private LoadedModel Load(GenerativeModel model)
    {
        var family = families.Find(model.Architecture)
            ?? throw new InvalidOperationException($"Architecture '{model.Architecture}' is not available in this service.");
        var device = TorchRuntime.Current.Devices.First();
        return new LoadedModel(family.LoadModel(storage.Value.Resolve(model.CheckpointLocation!), device.ToTorch()));
    }

    public void Dispose()
    {
        foreach (var entry in models.Values.Where(e => e.IsValueCreated))
            entry.Value.Dispose();
        models.Clear();
    }

    private sealed class LoadedModel(IGenerativeModel model) : IDisposable
    {
        public IGenerativeModel Model { get; } = model;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Dispose()
        {
            Model.Dispose();
            Gate.Dispose();
        }
    }
}
