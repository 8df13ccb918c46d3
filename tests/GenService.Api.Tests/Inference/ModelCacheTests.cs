using GenService.Api.Inference;
using GenService.ML.Families;
using TorchSharp;

namespace GenService.Api.Tests.Inference;

public class ModelCacheTests
{
    private readonly Dictionary<Guid, int> loads = [];
    private readonly List<FakeModel> loaded = [];

    [Fact]
    public void LoadsOnFirstUseAndStaysWarm()
    {
        using var cache = Cache(budget: 1000);
        var model = Model();

        var first = cache.Get(model);
        var second = cache.Get(model);

        Assert.Same(first, second);
        Assert.Equal(1, loads[model.Id]);
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

        Assert.Equal([c.Id, a.Id], cache.LoadedModels);
        Assert.Equal(200, cache.LoadedBytes);
        Assert.True(Loaded(b).Disposed);
        Assert.False(Loaded(a).Disposed);
        cache.Get(b);
        Assert.Equal(2, loads[b.Id]);
        Assert.True(Loaded(a).Disposed);
    }

    [Fact]
    public void AModelOverTheWholeBudgetStillServesAlone()
    {
        using var cache = Cache(budget: 10);
        var (a, b) = (Model(), Model());

        cache.Get(a);
        Assert.Equal([a.Id], cache.LoadedModels);
        cache.Get(b);

        Assert.Equal([b.Id], cache.LoadedModels);
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

        Assert.Equal([b.Id], cache.LoadedModels);
        Assert.True(Loaded(a).Disposed);
        cache.Dispose();
        Assert.True(Loaded(b).Disposed);
    }

    private static ServedModel Model() => new(Guid.NewGuid(), "fake", "/nowhere");

    private ModelCache Cache(long budget) => new(budget, model =>
    {
        loads[model.Id] = loads.GetValueOrDefault(model.Id) + 1;
        var fake = new FakeModel(model.Id);
        loaded.Add(fake);
        return fake;
    });

    private FakeModel Loaded(ServedModel model) => loaded.Last(m => m.Id == model.Id);

    private sealed class FakeModel(Guid id) : IGenerativeModel
    {
        public Guid Id { get; } = id;

        public bool Disposed { get; private set; }

        public string Architecture => "fake";

        public ImageShape OutputShape => new(1, 16, 16);

        // The cache never asks; a real device would need libtorch loaded.
        public torch.Device Device => throw new NotSupportedException();

        public long ParameterBytes => 100;

        public void Dispose() => Disposed = true;
    }
}
