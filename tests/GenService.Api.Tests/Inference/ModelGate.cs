using System.Collections.Concurrent;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using TorchSharp;

namespace GenService.Api.Tests.Inference;

/// <summary>Lets a test hold the device worker inside a forward pass, so it can fill the queue,
/// pass a deadline or leave, deterministically; records every seed the model was asked for.</summary>
public sealed class ModelGate
{
    private readonly Lock sync = new();
    private TaskCompletionSource opened = Opened();
    private TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<long> SampledSeeds { get; } = new();

    /// <summary>Completes when a forward pass reaches the closed gate.</summary>
    public Task Entered
    {
        get
        {
            lock (sync)
                return entered.Task;
        }
    }

    public void Close()
    {
        lock (sync)
        {
            opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (sync)
            opened.TrySetResult();
    }

    internal void Pass()
    {
        Task wait;
        lock (sync)
        {
            entered.TrySetResult();
            wait = opened.Task;
        }
        wait.Wait();
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}

/// <summary>The VAE family, with every loaded model's sampling passing through the gate.</summary>
public sealed class GatedVaeFamily(ModelGate gate) : IModelFamily
{
    private readonly VaeFamily inner = new();

    public string Architecture => inner.Architecture;

    public string Summary => inner.Summary;

    public IReadOnlyList<HyperparameterSpec> Hyperparameters => inner.Hyperparameters;

    public IReadOnlySet<ModelCapability> Capabilities => inner.Capabilities;

    public IReadOnlySet<DatasetKind> DatasetKinds => inner.DatasetKinds;

    public string? CheckDataset(ImageShape shape) => inner.CheckDataset(shape);

    public ITrainer CreateTrainer(TrainingSetup setup) => inner.CreateTrainer(setup);

    public IGenerativeModel LoadModel(string path, torch.Device device) => new GatedModel((VaeModel)inner.LoadModel(path, device), gate);

    private sealed class GatedModel(VaeModel model, ModelGate gate) : IGenerativeModel, ISampler, IReconstructor, ILatentInterpolator
    {
        public string Architecture => model.Architecture;

        public ImageShape OutputShape => model.OutputShape;

        public torch.Device Device => model.Device;

        public long ParameterBytes => model.ParameterBytes;

        public torch.Tensor Sample(IReadOnlyList<long> seeds)
        {
            gate.Pass();
            foreach (var seed in seeds)
                gate.SampledSeeds.Enqueue(seed);
            return model.Sample(seeds);
        }

        public torch.Tensor Reconstruct(torch.Tensor images) => model.Reconstruct(images);

        public torch.Tensor Interpolate(long fromSeed, long toSeed, int steps, InterpolationPath path) => model.Interpolate(fromSeed, toSeed, steps, path);

        public void Dispose() => model.Dispose();
    }
}
