using GenService.Api.Inference;
using GenService.ML.Families;
using TorchSharp;

namespace GenService.Api.Tests.Inference;

public class ModelCacheTests
{
    private readonly Dictionary<(Guid, long?), int> loads = [];
    private readonly List<FakeModel> loaded = [];

    [Fact]
    public void LoadsOnFirstUseAndStaysWarm()
    {
        using var cache = Cache(budget: 1000);
        var model = Model();

        var first = cache.Get(model);
        var second = cache.Get(model);

        Assert.Same(first, second);
        Assert.Equal(1, loads[model.Key]);
        Assert.Equal(100, cache.LoadedBytes);
    }

    [Fact]
    public void UnloadsTheLeastRecentlyUsedModelOverTheBudget()
    {
        using var cache = Cache(budget: 250);
        var (a, b, c) = (Model(), Model(), Model());

        cache.Get(a);
        cache.Get(b);
        cache.Get(a);
        cache.Get(c);

        Assert.Equal([c.Key, a.Key], cache.LoadedModels);
        Assert.Equal(200, cache.LoadedBytes);
        Assert.True(Loaded(b).Disposed);
        Assert.False(Loaded(a).Disposed);
        cache.Get(b);
        Assert.Equal(2, loads[b.Key]);
        Assert.True(Loaded(a).Disposed);
    }

    [Fact]
    public void AModelOverTheWholeBudgetStillServesAlone()
    {
        using var cache = Cache(budget: 10);
        var (a, b) = (Model(), Model());

        cache.Get(a);
        Assert.Equal([a.Key], cache.LoadedModels);
        cache.Get(b);

        Assert.Equal([b.Key], cache.LoadedModels);
        Assert.True(Loaded(a).Disposed);
    }

    [Fact]
    public void EvictingADeletedModelUnloadsIt()
    {
        var cache = Cache(budget: 1000);
        var (a, b) = (Model(), Model());
        cache.Get(a);
        cache.Get(b);

        cache.Evict(a.Id);
        cache.Evict(Guid.NewGuid());

        Assert.Equal([b.Key], cache.LoadedModels);
        Assert.True(Loaded(a).Disposed);
        cache.Dispose();
        Assert.True(Loaded(b).Disposed);
    }

    [Fact]
    public void KeysWeightsByCheckpointAndUnloadsOlderCheckpointsOfTheModel()
    {
        using var cache = Cache(budget: 1000);
        var final = Model();
        var step200 = final with { CheckpointStep = 200 };
        var step400 = final with { CheckpointStep = 400 };
        var other = Model() with { CheckpointStep = 100 };

        cache.Get(final);
        cache.Get(other);
        cache.Get(step200);
        Assert.NotSame(cache.Get(final), cache.Get(step200));
        cache.Get(step400);

        Assert.Equal([step400.Key, final.Key, other.Key], cache.LoadedModels);
        Assert.True(Loaded(step200).Disposed);
        Assert.False(Loaded(final).Disposed);

        // An explicitly requested older step loads again, and leaves the newer one alone.
        cache.Get(step200);
        Assert.Equal(2, loads[step200.Key]);
        Assert.False(Loaded(step400).Disposed);

        cache.Evict(final.Id);
        Assert.Equal([other.Key], cache.LoadedModels);
    }

    private static ServedModel Model() => new(Guid.NewGuid(), "fake", "/nowhere");

    private ModelCache Cache(long budget) => new(budget, model =>
    {
        loads[model.Key] = loads.GetValueOrDefault(model.Key) + 1;
        var fake = new FakeModel(model.Key);
        loaded.Add(fake);
        return fake;
    });

    private FakeModel Loaded(ServedModel model) => loaded.Last(m => m.Key == model.Key);

    private sealed class FakeModel((Guid Id, long? CheckpointStep) key) : IGenerativeModel
    {
        public (Guid Id, long? CheckpointStep) Key { get; } = key;

        public bool Disposed { get; private set; }

        public string Architecture => "fake";

        public ImageShape OutputShape => new(1, 16, 16);

        // The cache never asks; a real device would need libtorch loaded.
        public torch.Device Device => throw new NotSupportedException();

        public long ParameterBytes => 100;

        public void Dispose() => Disposed = true;
    }
}
