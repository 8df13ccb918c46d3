using GenService.ML.Families;

namespace GenService.Api.Inference;

/// <summary>
/// The weights loaded on one device, keyed by model and checkpoint: loaded on first use, kept warm, and
/// the least recently used unloaded when they exceed the budget. Owned by one worker thread, so it
/// needs no locks.
/// </summary>
/// <remarks>A model in training is served from its newest checkpoint, which moves on every few hundred
/// steps: loading a checkpoint unloads the same model's older checkpoints at once, rather than leaving
/// a trail of stale weights for the budget to push out.</remarks>
public sealed class ModelCache(long budgetBytes, Func<ServedModel, IGenerativeModel> load) : IDisposable
{
    // Most recently used first: eviction takes from the end.
    private readonly LinkedList<Entry> entries = new();

    public long LoadedBytes { get; private set; }

    public IReadOnlyList<(Guid Id, long? CheckpointStep)> LoadedModels => entries.Select(e => e.Key).ToList();

    public IGenerativeModel Get(ServedModel model)
    {
        var node = entries.First;
        while (node is not null && node.Value.Key != model.Key)
            node = node.Next;
        if (node is not null)
        {
            entries.Remove(node);
            entries.AddFirst(node);
            return node.Value.Model;
        }

        var loaded = load(model);
        var bytes = loaded.ParameterBytes;
        entries.AddFirst(new Entry(model.Key, loaded, bytes));
        LoadedBytes += bytes;
        if (model.CheckpointStep is { } step)
            UnloadWhere(e => e.Key.Id == model.Id && e.Key.CheckpointStep < step);
        while (LoadedBytes > budgetBytes && entries.Count > 1)
            Unload(entries.Last!);
        return loaded;
    }

    /// <summary>Unloads every loaded weights of a model (it was deleted); nothing if none is loaded.</summary>
    public void Evict(Guid modelId) => UnloadWhere(e => e.Key.Id == modelId);

    public void Dispose()
    {
        while (entries.Last is { } last)
            Unload(last);
    }

    private void UnloadWhere(Func<Entry, bool> stale)
    {
        var node = entries.First;
        while (node is not null)
        {
            var next = node.Next;
            if (stale(node.Value))
                Unload(node);
            node = next;
        }
    }

    private void Unload(LinkedListNode<Entry> node)
    {
        entries.Remove(node);
        LoadedBytes -= node.Value.Bytes;
        node.Value.Model.Dispose();
    }

    private sealed record Entry((Guid Id, long? CheckpointStep) Key, IGenerativeModel Model, long Bytes);
}
