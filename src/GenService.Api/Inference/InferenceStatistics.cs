using Prometheus;

namespace GenService.Api.Inference;

/// <summary>
/// What the engine did: running totals for tests that must see batching happen, and the Prometheus
/// metrics operators scrape from /metrics.
/// </summary>
/// <remarks>Latency and images are labelled by architecture, not by model: models are created by users
/// without bound, and every label value is a time series Prometheus keeps (a per-model label would grow
/// with every training run). Queues, batches and memory are labelled by device, a handful at most.</remarks>
public sealed class InferenceStatistics
{
    private readonly CollectorRegistry registry;
    private readonly Gauge queueDepth;
    private readonly Histogram batchRequests;
    private readonly Histogram batchImages;
    private readonly Histogram latency;
    private readonly Counter images;
    private readonly Counter rejectedRequests;
    private readonly Counter abandonedRequests;
    private readonly Counter retriedPasses;
    private readonly Gauge loadedWeights;
    private readonly Gauge deviceMemory;
    private long batches;
    private long requestsRun;
    private long imagesRun;
    private long largestBatchRequests;
    private long abandoned;
    private long rejected;
    private long retried;
    private long queued;

    public InferenceStatistics(CollectorRegistry registry)
    {
        this.registry = registry;
        var metrics = Metrics.WithCustomRegistry(registry);
        queueDepth = metrics.CreateGauge("genservice_inference_queue_depth", "Generation requests waiting in the device's queue.", "device");
        batchRequests = metrics.CreateHistogram("genservice_inference_batch_requests", "Requests served by one batch.",
            new HistogramConfiguration { LabelNames = ["device"], Buckets = Histogram.ExponentialBuckets(1, 2, 10) });
        batchImages = metrics.CreateHistogram("genservice_inference_batch_images", "Images one batch computed for requests (padding excluded).",
            new HistogramConfiguration { LabelNames = ["device"], Buckets = Histogram.ExponentialBuckets(1, 2, 13) });
        latency = metrics.CreateHistogram("genservice_inference_request_duration_seconds", "Time from queueing a generation request to its images, per architecture and operation.",
            new HistogramConfiguration { LabelNames = ["architecture", "operation"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 17) });
        images = metrics.CreateCounter("genservice_inference_images_total", "Images generated; images per second is its rate.", "architecture");
        rejectedRequests = metrics.CreateCounter("genservice_inference_rejected_total", "Requests refused with 429 because the device admitted no more: its queued work would take too long, or its queue was full.", "device");
        abandonedRequests = metrics.CreateCounter("genservice_inference_abandoned_total", "Requests dropped unrun because their client left or their deadline passed.", "device");
        retriedPasses = metrics.CreateCounter("genservice_inference_retries_total",
            "Forward passes run a second time after libtorch failed in the first (a transient failure of TorchSharp's implicit scalars).", "architecture", "operation");
        loadedWeights = metrics.CreateGauge("genservice_inference_loaded_weights_bytes", "Bytes of model weights loaded on the device.", "device");
        deviceMemory = metrics.CreateGauge("genservice_device_memory_bytes",
            "Memory in use on the device. For the CPU: the process's resident memory. Absent for CUDA devices: TorchSharp 0.107 does not expose the CUDA allocator's statistics.", "device");
    }

    public long Batches => Interlocked.Read(ref batches);

    public long RequestsRun => Interlocked.Read(ref requestsRun);

    /// <summary>Images computed for requests, padding excluded.</summary>
    public long ImagesRun => Interlocked.Read(ref imagesRun);

    /// <summary>Most requests ever served by one batch.</summary>
    public long LargestBatchRequests => Interlocked.Read(ref largestBatchRequests);

    /// <summary>Requests dropped because their client left or their deadline passed before they ran.</summary>
    public long Abandoned => Interlocked.Read(ref abandoned);

    /// <summary>Requests refused because their device admitted no more (<see cref="AdmissionRule"/>).</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Forward passes run again after libtorch failed in them.</summary>
    public long Retried => Interlocked.Read(ref retried);

    /// <summary>Requests in the queues now, not yet taken by a worker.</summary>
    public long Queued => Interlocked.Read(ref queued);

    /// <summary>Reads a device's memory in use each time the metrics are scraped.</summary>
    internal void TrackDeviceMemory(string device, Func<long> bytesInUse) =>
        registry.AddBeforeCollectCallback(() => deviceMemory.WithLabels(device).Set(bytesInUse()));

    internal void RecordBatch(string device, int requests, int imageCount)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref requestsRun, requests);
        long seen;
        while (requests > (seen = Interlocked.Read(ref largestBatchRequests))
               && Interlocked.CompareExchange(ref largestBatchRequests, requests, seen) != seen)
        {
        }
        batchRequests.WithLabels(device).Observe(requests);
        batchImages.WithLabels(device).Observe(imageCount);
    }

    internal void RecordImages(string architecture, int count)
    {
        Interlocked.Add(ref imagesRun, count);
        images.WithLabels(architecture).Inc(count);
    }

    internal void RecordLatency(string architecture, string operation, TimeSpan elapsed) =>
        latency.WithLabels(architecture, operation).Observe(elapsed.TotalSeconds);

    internal void RecordAbandoned(string device)
    {
        Interlocked.Increment(ref abandoned);
        abandonedRequests.WithLabels(device).Inc();
    }

    internal void RecordRejected(string device)
    {
        Interlocked.Increment(ref rejected);
        rejectedRequests.WithLabels(device).Inc();
    }

    internal void RecordRetry(string architecture, string operation)
    {
        Interlocked.Increment(ref retried);
        retriedPasses.WithLabels(architecture, operation).Inc();
    }

    internal void RecordQueued(string device, int change)
    {
        Interlocked.Add(ref queued, change);
        queueDepth.WithLabels(device).Inc(change);
    }

    internal void RecordLoadedWeights(string device, long bytes) => loadedWeights.WithLabels(device).Set(bytes);
}
