using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Inference;

/// <summary>How the inference engine queues, batches and caches; bound from "Inference".</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Hard cap on the requests waiting per device, whatever their expected wait: one more is
    /// answered 429 rather than queued. The wait (<see cref="AdmissionWaitFraction"/>) normally refuses first;
    /// this bounds memory, and the queue while the time per image is not yet measured.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>A device admits a request while its queued images × its measured seconds per image are under
    /// this fraction of <see cref="RequestTimeout"/>; beyond it requests are answered 429 with Retry-After at
    /// once, before their body is read, instead of waiting to be answered 503 (<see cref="AdmissionRule"/>).
    /// The rest of the deadline is margin for the estimate and for the request's own batch.</summary>
    [Range(0.01, 1.0)]
    public double AdmissionWaitFraction { get; set; } = 0.5;

    /// <summary>Most images one batch computes, over all the requests merged into it (samples, translations). A single
    /// request with more images still runs, alone.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long a batch waits for more requests of its model it can merge before it runs, when other
    /// requests were already waiting as it started (a request that finds the queue empty runs at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Every sample or translate forward pass has exactly this many images (the last one padded), because the CPU
    /// kernels block by batch size and round differently: only a constant shape makes an image
    /// bitwise the same alone and in any batch. Larger is faster per image when batches are full,
    /// and wastes up to this many minus one images on a lone request. On two cores with a 64x64 DCGAN, 8
    /// served 32 clients 15 to 19 % faster than 4, which served a lone client faster (benchmark README).
    /// </summary>
    [Range(1, 256)]
    public int MicroBatchSize { get; set; } = 8;

    /// <summary>Longest a request waits for its images, queueing included, before it is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest image file a route that takes an image (translate, super-resolve, reconstruct) accepts; a larger
    /// upload is answered 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxImageUploadBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Most pixels (width × height) of an image POST /v1/models/{id}/super-resolve takes, read from the file's
    /// header before it is decoded; a larger image is answered 413. The model's output has scale² times as many.</summary>
    [Range(1, 100_000_000)]
    public long MaxSuperResolvePixels { get; set; } = 2_000_000;

    /// <summary>Sent as Retry-After with a 429.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Weights kept warm per device; the least recently used model is unloaded above it (the
    /// model just loaded always stays, even alone over budget).</summary>
    [Range(1L, long.MaxValue)]
    public long CacheBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Number format of forward passes on CUDA devices: fp32, bf16 or fp16. Weights are converted
    /// once at load and images go back to float32 before they are quantised. Ignored on the CPU.</summary>
    [EnumDataType(typeof(PrecisionSetting))]
    public PrecisionSetting Precision { get; set; } = PrecisionSetting.Fp32;

    /// <summary>Channels-last (NHWC) convolution weights and inputs on CUDA devices, which cuDNN's tensor-core
    /// kernels prefer. Ignored on the CPU.</summary>
    public bool ChannelsLast { get; set; }
}
