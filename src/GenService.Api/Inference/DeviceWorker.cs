using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Runtime;
using static TorchSharp.torch;

namespace GenService.Api.Inference;

/// <summary>
/// The one thread that runs models on one device. Requests reach it through a bounded queue, so no
/// request thread ever touches a module (TorchSharp modules are not safe to call concurrently) and a
/// full queue is refused at once instead of growing without bound.
/// </summary>
internal sealed class DeviceWorker : IDisposable
{
    // Weight of the newest batch in the measured time per unit of work: about the last ten batches count.
    private const double TimePerWorkUnitSmoothing = 0.2;
    private readonly Channel<InferenceRequest> queue;
    private readonly ConcurrentQueue<Guid> evictions = new();
    private readonly ModelCache cache;
    private readonly InferenceOptions options;
    private readonly InferenceStatistics statistics;
    private readonly InferencePrecision precision;
    private readonly HashSet<string> float32Architectures = [];
    private readonly ILogger logger;
    private readonly ForwardPassRetry retry;
    private readonly Thread thread;
    private volatile bool stopping;
    private int queuedRequests;
    private long queuedWork;
    private double secondsPerWorkUnit;

    public DeviceWorker(ComputeDevice device, InferenceOptions options, Func<ServedModel, Device, IGenerativeModel> load, InferenceStatistics statistics, ILogger logger)
    {
        Device = device;
        this.options = options;
        this.statistics = statistics;
        this.logger = logger;
        precision = DevicePrecision.Choose(device, options, logger);
        retry = new ForwardPassRetry(device.Name, statistics, logger);
        queue = Channel.CreateBounded<InferenceRequest>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        var torchDevice = device.ToTorch();
        cache = new ModelCache(options.CacheBudgetBytes, model => Prepare(load(model, torchDevice)));
        // A dedicated thread rather than the pool: a forward pass blocks for a long time, and the pool
        // also serves the requests that keep the queue fed.
        thread = new Thread(Run) { IsBackground = true, Name = $"inference {device.Name}" };
        thread.Start();
    }

    public ComputeDevice Device { get; }

    public DeviceLoad Load => new(Volatile.Read(ref queuedRequests), Interlocked.Read(ref queuedWork), Volatile.Read(ref secondsPerWorkUnit));

    /// <summary>Whether one more request would be admitted now (<see cref="AdmissionRule"/>).</summary>
    public bool Admits => AdmissionRule.Admits(Load, options);

    /// <summary>Queues a request that was admitted (<see cref="Admits"/>).</summary>
    /// <returns>False when the queue is at <see cref="InferenceOptions.QueueCapacity"/>: other requests took
    /// the last places since the check.</returns>
    public bool TryEnqueue(InferenceRequest request)
    {
        CountQueued(request, 1);
        if (queue.Writer.TryWrite(request))
            return true;
        CountQueued(request, -1);
        return false;
    }

    /// <summary>Unloads a model before the next batch; only this worker's thread may dispose its modules.</summary>
    public void Evict(Guid modelId) => evictions.Enqueue(modelId);

    public void Dispose()
    {
        stopping = true;
        queue.Writer.TryComplete();
        thread.Join();
        cache.Dispose();
    }

    private void Run()
    {
        var reader = queue.Reader;
        while (Wait(reader, CancellationToken.None))
        {
            while (evictions.TryDequeue(out var modelId))
            {
                cache.Evict(modelId);
                statistics.RecordLoadedWeights(Device.Name, cache.LoadedBytes);
            }
            if (!reader.TryRead(out var first))
                continue;
            CountQueued(first, -1);
            if (stopping)
            {
                first.TryCancel();
                continue;
            }
            Execute(Gather(reader, first));
        }
    }

    /// <summary>Dynamic batching: batched work (<see cref="BatchedWork"/>) for the same weights that are queued, or arrive within
    /// <see cref="InferenceOptions.MaxBatchDelay"/>, join the first one up to the batch size.</summary>
    /// <remarks>A request that finds the queue empty runs at once: waiting would only delay a lone client,
    /// and under load the requests that arrive during its forward pass form the next batch anyway.</remarks>
    private List<InferenceRequest> Gather(ChannelReader<InferenceRequest> reader, InferenceRequest first)
    {
        var batch = new List<InferenceRequest> { first };
        if (first.Work is not BatchedWork work)
            return batch;
        var images = first.ImageCount;
        var started = Stopwatch.GetTimestamp();
        var busy = reader.TryPeek(out _);
        while (images < options.MaxBatchSize)
        {
            if (reader.TryPeek(out var next))
            {
                if (SkipIfAbandoned(next))
                {
                    reader.TryRead(out _);
                    CountQueued(next, -1);
                    continue;
                }
                // Queue order is kept: a request for other weights or another operation is the next batch.
                if (next.Work is not BatchedWork nextWork || !work.CanShareBatchWith(nextWork) || next.Model.Key != first.Model.Key
                    || images + next.ImageCount > options.MaxBatchSize)
                    break;
                reader.TryRead(out _);
                CountQueued(next, -1);
                batch.Add(next);
                images += next.ImageCount;
                continue;
            }
            var left = options.MaxBatchDelay - Stopwatch.GetElapsedTime(started);
            if (!busy || left <= TimeSpan.Zero)
                break;
            using var timer = new CancellationTokenSource(left);
            try
            {
                if (!Wait(reader, timer.Token))
                    break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return batch;
    }

    private void Execute(List<InferenceRequest> batch)
    {
        var live = batch.Where(request => !SkipIfAbandoned(request)).ToList();
        if (live.Count == 0)
            return;
        var images = live.Sum(request => request.ImageCount);
        statistics.RecordBatch(Device.Name, live.Count, images);
        try
        {
            var model = cache.Get(live[0].Model);
            statistics.RecordLoadedWeights(Device.Name, cache.LoadedBytes);
            // Timed after loading: a model's first batch would otherwise make every image look seconds long.
            var started = Stopwatch.GetTimestamp();
            switch (live[0].Work)
            {
                case BatchedWork:
                    RunBatched(model, live);
                    break;
                case ModelCall call:
                    live[0].TryComplete(Call(model, call));
                    break;
            }
            MeasureTimePerWorkUnit(Stopwatch.GetElapsedTime(started), live.Sum(request => request.Cost));
        }
        catch (Exception exception)
        {
            // The worker outlives a failed batch: its requests fail, the next batch runs.
            logger.LogError(exception, "Inference batch on {Device} for model {ModelId} (checkpoint {CheckpointStep}) failed",
                Device.Name, live[0].Model.Id, live[0].Model.CheckpointStep?.ToString(CultureInfo.InvariantCulture) ?? "final");
            foreach (var request in live)
                request.TryFail(exception);
        }
    }

    /// <summary>
    /// Runs the batch's images in forward passes of exactly <see cref="InferenceOptions.MicroBatchSize"/>
    /// images, the last padded by repeating an image, and hands each request its own images.
    /// </summary>
    /// <remarks>
    /// Why a constant shape: see <see cref="FixedShapeBatches"/>. The price is padding: up to
    /// MicroBatchSize - 1 wasted images per batch, worst for lone single-image requests.
    /// </remarks>
    private void RunBatched(IGenerativeModel model, List<InferenceRequest> requests)
    {
        // Gather merged only work that shares a batch with the first; the engine checked its capability.
        var work = (BatchedWork)requests[0].Work;
        var shape = work.OutputShape(model);
        var imageBytes = shape.Channels * shape.Height * shape.Width;
        var outputs = requests.ToDictionary(r => r, r => new byte[r.ImageCount * imageBytes]);
        var missing = requests.ToDictionary(r => r, r => r.ImageCount);
        var slots = requests.SelectMany(r => Enumerable.Range(0, r.ImageCount).Select(index => (Request: r, Image: new BatchedImage((BatchedWork)r.Work, index)))).ToList();
        var micro = options.MicroBatchSize;
        var position = 0;
        while (position < slots.Count)
        {
            // Checked before every pass, so a client that leaves mid-batch stops costing device time.
            var chunk = new List<(InferenceRequest Request, BatchedImage Image)>(micro);
            while (chunk.Count < micro && position < slots.Count)
            {
                var slot = slots[position++];
                if (!SkipIfAbandoned(slot.Request))
                    chunk.Add(slot);
            }
            if (chunk.Count == 0)
                break;
            var images = FixedShapeBatches.Padded(chunk.Select(slot => slot.Image).ToList(), micro);

            byte[] pixels;
            using (NewDisposeScope())
                pixels = Quantize(retry.Run(model, work, () => work.RunPass(model, images)).narrow(0, 0, chunk.Count));
            statistics.RecordImages(model.Architecture, chunk.Count);

            for (var i = 0; i < chunk.Count; i++)
            {
                var (request, image) = chunk[i];
                Array.Copy(pixels, (long)i * imageBytes, outputs[request], (long)image.Index * imageBytes, imageBytes);
                if (--missing[request] == 0)
                    request.TryComplete(new GeneratedPixels(outputs[request], request.ImageCount, shape));
            }
        }
    }

    private ServiceResult<GeneratedPixels> Call(IGenerativeModel model, ModelCall call)
    {
        using var scope = NewDisposeScope();
        var result = retry.Run(model, call, () => call.Run(model));
        if (result.Error is not null)
            return result.Error;
        var images = result.Value!;
        var count = (int)images.shape[0];
        statistics.RecordImages(model.Architecture, count);
        // The call's own shape: super-resolution's output is larger than the model's training images.
        var shape = new ImageShape((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        return call.ReturnsValues
            ? new GeneratedPixels([], count, shape) { Values = images.to_type(ScalarType.Float32).contiguous().data<float>().ToArray() }
            : new GeneratedPixels(Quantize(images), count, shape);
    }

    /// <summary>The first time a request is found abandoned, it is cancelled and counted; true from then on.</summary>
    private bool SkipIfAbandoned(InferenceRequest request)
    {
        if (request.Dropped)
            return true;
        if (!request.Abandoned.IsCancellationRequested && !stopping)
            return false;
        request.Dropped = true;
        request.TryCancel();
        statistics.RecordAbandoned(Device.Name);
        return true;
    }

    private void CountQueued(InferenceRequest request, int change)
    {
        Interlocked.Add(ref queuedRequests, change);
        Interlocked.Add(ref queuedWork, change * request.Cost);
        statistics.RecordQueued(Device.Name, change);
    }

    /// <summary>Only this worker's thread writes it. Padding counts against the work a batch served, so a
    /// lone request looks slower than a full batch: the estimate errs towards refusing early.</summary>
    private void MeasureTimePerWorkUnit(TimeSpan elapsed, long work)
    {
        var latest = elapsed.TotalSeconds / work;
        var previous = Volatile.Read(ref secondsPerWorkUnit);
        Volatile.Write(ref secondsPerWorkUnit, previous == 0 ? latest : previous + TimePerWorkUnitSmoothing * (latest - previous));
    }

    /// <summary>Converts freshly loaded weights to the device's precision, once.</summary>
    private IGenerativeModel Prepare(IGenerativeModel model)
    {
        if (precision == InferencePrecision.Float32)
            return model;
        if (model is IReducedPrecision reducible)
            reducible.UsePrecision(precision);
        else if (float32Architectures.Add(model.Architecture))
            logger.LogInformation("{Architecture} models cannot change precision; they run in float32 on {Device}", model.Architecture, Device.Name);
        return model;
    }

    /// <summary>[N, C, H, W] in [0, 1] to 8-bit, rounded as <see cref="GenService.ML.Imaging.ImageCodec"/> does;
    /// from float32, whatever precision the model ran in, so rounding is the same for every setting.</summary>
    private static byte[] Quantize(Tensor images) =>
        images.to_type(ScalarType.Float32).clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();

    /// <summary>Blocks this dedicated thread until the queue has a request; false once it is closed and empty.</summary>
    private static bool Wait(ChannelReader<InferenceRequest> reader, CancellationToken cancellationToken)
    {
        var waiting = reader.WaitToReadAsync(cancellationToken);
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }
}
