using GenService.ML.Families;

namespace GenService.Api.Inference;

/// <summary>
/// The models loaded on one device: loaded on first use, kept warm, and the least recently used
/// unloaded when their weights exceed the budget. Owned by one worker thread, so it needs no locks.
/// </summary>
public sealed class ModelCache(long budgetBytes, Func<ServedModel, IGenerativeModel> load) : IDisposable
{
    // Most recently used first: eviction takes from the end.
    private readonly LinkedList<(Guid Id, IGenerativeModel Model, long Bytes)> entries = new();

    public long LoadedBytes { get; private set; }

    public IReadOnlyList<Guid> LoadedModels => entries.Select(e => e.Id).ToList();

    public IGenerativeModel Get(ServedModel model)
    {
        var node = entries.First;
        while (node is not null && node.Value.Id != model.Id)
            node = node.Next;
        if (node is not null)
        {
            entries.Remove(node);
            entries.AddFirst(node);
            return node.Value.Model;
        }

        var loaded = load(model);
        var bytes = loaded.ParameterBytes;
        entries.AddFirst((model.Id, loaded, bytes));
        LoadedBytes += bytes;
        while (LoadedBytes > budgetBytes && entries.Count > 1)
            Unload(entries.Last!);
        return loaded;
    }

    /// <summary>Unloads a model (it was deleted); nothing if it is not loaded.</summary>
    public void Evict(Guid modelId)
    {
        for (var node = entries.First; node is not null; node = node.Next)
        {
            if (node.Value.Id == modelId)
            {
                Unload(node);
                return;
            }
        }
    }

    public void Dispose()
    {
        while (entries.Last is { } last)
            Unload(last);
    }

    private void Unload(LinkedListNode<(Guid Id, IGenerativeModel Model, long Bytes)> node)
    {
        entries.Remove(node);
        LoadedBytes -= node.Value.Bytes;
        node.Value.Model.Dispose();
    }
}
