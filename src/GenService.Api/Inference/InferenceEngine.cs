using System.Collections.Concurrent;
using System.Diagnostics;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Runtime;
using Microsoft.Extensions.Options;

namespace GenService.Api.Inference;

/// <summary>
/// Every generation request goes through here: one <see cref="DeviceWorker"/> per CUDA device (or the
/// CPU when there is none), each owning the models loaded on it. A model is placed on one device at
/// first use and its requests always go to that device's queue.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private readonly ModelFamilyCatalog families;
    private readonly InferenceOptions options;
    private readonly ILogger<InferenceEngine> logger;
    private readonly ConcurrentDictionary<Guid, DeviceWorker> placements = new();
    // Created at first use: the devices are known only once TorchRuntime has loaded libtorch.
    private readonly Lazy<IReadOnlyList<DeviceWorker>> workers;

    public InferenceEngine(ModelFamilyCatalog families, IOptions<InferenceOptions> options, InferenceStatistics statistics, ILogger<InferenceEngine> logger)
    {
        this.families = families;
        this.options = options.Value;
        this.logger = logger;
        Statistics = statistics;
        workers = new Lazy<IReadOnlyList<DeviceWorker>>(CreateWorkers);
    }

    public InferenceStatistics Statistics { get; }

    /// <summary>
    /// The early check of a generation request, before its body is read or its model looked up: false, and
    /// counted as a rejection, when the device the model is placed on admits no more now
    /// (<see cref="AdmissionRule"/>). A model not placed yet is admitted; its first request places it.
    /// </summary>
    public bool TryAdmit(Guid modelId)
    {
        if (!placements.TryGetValue(modelId, out var worker) || worker.Admits)
            return true;
        Statistics.RecordRejected(worker.Device.Name);
        return false;
    }

    /// <summary>Runs one request on its model's device; every checkpoint of a model goes to the same device.</summary>
    /// <returns>The images; Overloaded when the device admits no more (<see cref="AdmissionRule"/>);
    /// Unavailable when they were not ready within <see cref="InferenceOptions.RequestTimeout"/>.</returns>
    /// <exception cref="OperationCanceledException">The client left; the request is dropped unrun.</exception>
    public async Task<ServiceResult<GeneratedPixels>> RunAsync(ServedModel model, InferenceWork work, CancellationToken cancellationToken)
    {
        // Refused from the family's declaration: no model is loaded and no queue slot taken for work it cannot do.
        if (CapabilityCheck.Require(families, model.Architecture, work.Needs) is { } unsupported)
            return unsupported;
        var worker = placements.GetOrAdd(model.Id, _ => LeastLoadedWorker());
        // Before the deadline's timer is made: under overload most requests that get this far end here.
        if (!worker.Admits)
            return Refuse(worker);
        using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abandoned.CancelAfter(options.RequestTimeout);
        var request = new InferenceRequest(model, work, abandoned.Token);
        var started = Stopwatch.GetTimestamp();
        if (!worker.TryEnqueue(request))
            return Refuse(worker);

        // Answer at the deadline even while the worker is busy with a long batch; it skips the request later.
        await using var registration = abandoned.Token.Register(() => request.TryCancel());
        try
        {
            var result = await request.Completion;
            if (result.Error is null)
                Statistics.RecordLatency(model.Architecture, work.Operation, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServiceError.Unavailable($"The images were not ready within {options.RequestTimeout.TotalSeconds:0.###} s; the service is busy, retry later.");
        }
    }

    /// <summary>Unloads a deleted model, with all its checkpoints, from its device.</summary>
    public void Evict(Guid modelId)
    {
        if (placements.TryRemove(modelId, out var worker))
            worker.Evict(modelId);
    }

    public void Dispose()
    {
        if (!workers.IsValueCreated)
            return;
        foreach (var worker in workers.Value)
            worker.Dispose();
    }

    private IReadOnlyList<DeviceWorker> CreateWorkers()
    {
        var devices = TorchRuntime.Current.Devices.Where(d => d.Kind == "cuda").ToList();
        if (devices.Count == 0)
            devices = [TorchRuntime.Current.Devices.First(d => d.Kind == "cpu")];
        logger.LogInformation("Inference workers on {Devices}", string.Join(", ", devices.Select(d => d.Name)));
        // TorchSharp 0.107 exposes no CUDA allocator statistics; for the CPU the process's resident set is its memory.
        foreach (var cpu in devices.Where(d => d.Kind == "cpu"))
            Statistics.TrackDeviceMemory(cpu.Name, () => Environment.WorkingSet);
        return devices.Select(device => new DeviceWorker(device, options, Load, Statistics, logger)).ToList();
    }

    private ServiceError Refuse(DeviceWorker worker)
    {
        Statistics.RecordRejected(worker.Device.Name);
        return ServiceError.Overloaded(
            $"The {worker.Device.Name} queue is full: it holds as much as it can serve well within {options.RequestTimeout.TotalSeconds:0.###} s, "
            + $"or {options.QueueCapacity} requests; retry later.", options.RetryAfter);
    }

    private DeviceWorker LeastLoadedWorker() =>
        workers.Value.MinBy(worker => placements.Values.Count(placed => placed == worker))!;

    private IGenerativeModel Load(ServedModel model, TorchSharp.torch.Device device)
    {
        var family = families.Find(model.Architecture)
            ?? throw new InvalidOperationException($"Architecture '{model.Architecture}' is not available in this service.");
        return family.LoadModel(model.WeightsPath, device);
    }
}
