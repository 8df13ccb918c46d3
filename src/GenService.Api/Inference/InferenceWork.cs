using GenService.Api.Infrastructure;
using GenService.ML.Families;

namespace GenService.Api.Inference;

/// <summary>A trained model as the engine loads it: its weights file, resolved.</summary>
public sealed record ServedModel(Guid Id, string Architecture, string WeightsPath);

/// <summary>What a request asks a model to compute.</summary>
public abstract record InferenceWork;

/// <summary>One image per seed; requests for the same model are merged into batches.</summary>
public sealed record SampleWork(IReadOnlyList<long> Seeds) : InferenceWork;

public sealed record InterpolateWork(long FromSeed, long ToSeed, int Steps, InterpolationPath Path) : InferenceWork;

/// <param name="Pixels">One image [C, H, W] of the model's shape, 8-bit, row-major.</param>
public sealed record ReconstructWork(byte[] Pixels) : InferenceWork;

/// <summary>Computed images as 8-bit pixels [Count, C, H, W]: plain managed memory, so nothing native
/// outlives the worker's dispose scope or needs the request thread to free it.</summary>
public sealed record GeneratedPixels(byte[] Pixels, int Count, ImageShape Shape);

/// <summary>A request waiting in, or running on, a device worker.</summary>
internal sealed class InferenceRequest(ServedModel model, InferenceWork work, CancellationToken abandoned)
{
    private readonly TaskCompletionSource<ServiceResult<GeneratedPixels>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServedModel Model { get; } = model;

    public InferenceWork Work { get; } = work;

    /// <summary>Cancelled when the client disconnects or the deadline passes: the worker skips the request.</summary>
    public CancellationToken Abandoned { get; } = abandoned;

    public Task<ServiceResult<GeneratedPixels>> Completion => completion.Task;

    /// <summary>Set by the worker the first time it skips the request; read and written only on its thread.</summary>
    public bool Dropped { get; set; }

    public int ImageCount => Work is SampleWork sample ? sample.Seeds.Count : 1;

    public bool TryComplete(ServiceResult<GeneratedPixels> result) => completion.TrySetResult(result);

    public bool TryFail(Exception exception) => completion.TrySetException(exception);

    public bool TryCancel() => completion.TrySetCanceled(Abandoned);
}
