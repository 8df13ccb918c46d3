using GenService.Api.Accounts;
using GenService.Api.Inference;
using Microsoft.Extensions.Caching.Memory;

namespace GenService.Api.Models;

/// <summary>
/// Ready models' final weights, remembered for a moment so that a model under load is not looked up in
/// the database on every request (on two cores that lookup cost more CPU than drawing a 64x64 image).
/// </summary>
/// <remarks>Safe because Ready is final: a Ready model's weights never change, only its deletion ends
/// them, and deleting forgets the model here. The short lifetime bounds how long another process that
/// shares the database can still serve a model this one deleted. Each is remembered with its account, so that a
/// remembered model is served only to a caller who would find its row.</remarks>
public sealed class ReadyModelCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    public ServedModel? Find(Guid id, Caller caller) =>
        cache.Get<ReadyModel>(Key(id)) is { } ready && caller.Sees(ready.AccountId) ? ready.Model : null;

    public void Remember(ServedModel model, Guid accountId) => cache.Set(Key(model.Id), new ReadyModel(model, accountId), Lifetime);

    public void Forget(Guid id) => cache.Remove(Key(id));

    private static (Type, Guid) Key(Guid id) => (typeof(ReadyModelCache), id);

    private sealed record ReadyModel(ServedModel Model, Guid AccountId);
}
