using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using TorchSharp;

namespace GenService.Api.Inference;

/// <summary>A model's weights as the engine loads them: the final model, or the model exported with
/// one of its training checkpoints, each loaded and cached on its own.</summary>
/// <param name="CheckpointStep">The checkpoint's step; null for the final model.</param>
public sealed record ServedModel(Guid Id, string Architecture, string WeightsPath, long? CheckpointStep = null)
{
    /// <summary>What identifies loaded weights: two requests with the same key can share a batch.</summary>
    public (Guid Id, long? CheckpointStep) Key => (Id, CheckpointStep);
}

/// <summary>What a request asks a model to compute.</summary>
public abstract record InferenceWork
{
    /// <summary>A short stable name for metrics and logs, e.g. "sample".</summary>
    public abstract string Operation { get; }

    /// <summary>What the model's family must declare; the engine refuses the work before loading a model otherwise.</summary>
    public abstract ModelCapability Needs { get; }

    /// <summary>Images the work computes.</summary>
    public abstract int ImageCount { get; }

    /// <summary>What the work adds to its device's queue for the admission rule, in units of one image's work: its
    /// images, unless one of them costs far more than a sample (<see cref="SuperResolveWork"/>).</summary>
    public virtual long Cost => ImageCount;
}

/// <summary>
/// Work made of independent images, each computed from its own inputs only (a seed, an input image):
/// the worker merges requests for the same weights whose work can share a batch, and runs their images in
/// forward passes of exactly <see cref="InferenceOptions.MicroBatchSize"/>, so an image's bytes do not
/// depend on its companions (<see cref="FixedShapeBatches"/>).
/// </summary>
public abstract record BatchedWork : InferenceWork
{
    /// <summary>Whether the other work's images can run in the same forward passes as this work's, on the same weights.</summary>
    public abstract bool CanShareBatchWith(BatchedWork other);

    /// <summary>One forward pass; runs on the worker's thread, inside a dispose scope.</summary>
    /// <param name="images">Images of works that share a batch with this one, padded to the micro-batch size.</param>
    /// <returns>[images, C, H, W] in [0, 1] on the CPU, image i computed from images[i] alone.</returns>
    public abstract torch.Tensor RunPass(IGenerativeModel model, IReadOnlyList<BatchedImage> images);

    /// <summary>The shape of the images a pass returns: the model's, unless the work picks another of its outputs (a stage).</summary>
    public virtual ImageShape OutputShape(IGenerativeModel model) => model.OutputShape;
}

/// <summary>Image <paramref name="Index"/> of a <see cref="BatchedWork"/>.</summary>
public readonly record struct BatchedImage(BatchedWork Work, int Index);

/// <summary>One image per seed.</summary>
/// <param name="Truncation">StyleGAN's truncation ψ, or null for plain samples.</param>
/// <remarks>A sampling parameter that changes the images belongs here, and in <see cref="CanShareBatchWith"/>.</remarks>
public sealed record SampleWork(IReadOnlyList<long> Seeds, double? Truncation = null) : BatchedWork
{
    public override string Operation => "sample";

    public override ModelCapability Needs => CapabilityFor(Truncation);

    /// <summary>Plain samples need a sampler; the truncation trick needs a style generator.</summary>
    public static ModelCapability CapabilityFor(double? truncation) => truncation is null ? ModelCapability.Sample : ModelCapability.StyleOperations;

    public override int ImageCount => Seeds.Count;

    public override bool CanShareBatchWith(BatchedWork other) => other is SampleWork sample && sample.Truncation == Truncation;

    public override torch.Tensor RunPass(IGenerativeModel model, IReadOnlyList<BatchedImage> images)
    {
        var seeds = images.Select(image => ((SampleWork)image.Work).Seeds[image.Index]).ToList();
        return Truncation is { } truncation ? ((IStyleGenerator)model).Sample(seeds, truncation) : ((ISampler)model).Sample(seeds);
    }
}

/// <summary>One output per input image, input i's dropout noise drawn from seeds[i].</summary>
/// <param name="Inputs">Each one image [C, H, W] of the model's <see cref="IImageTranslator.InputShape"/>, 8-bit, row-major.</param>
/// <param name="Seeds">One per input.</param>
/// <param name="Direction">A two-way translator's direction (<see cref="ITwoWayTranslator"/>); null for the model's only (or first) way.</param>
/// <param name="RoundTrip">True to translate there and back (<see cref="ITwoWayTranslator"/>).</param>
public sealed record TranslateWork(IReadOnlyList<byte[]> Inputs, IReadOnlyList<long> Seeds, TranslationDirection? Direction = null, bool RoundTrip = false) : BatchedWork
{
    public override string Operation => "translate";

    public override ModelCapability Needs => CapabilityFor(Direction, RoundTrip);

    /// <summary>A plain translation needs a translator; a direction or a round trip needs one that translates both ways.</summary>
    public static ModelCapability CapabilityFor(TranslationDirection? direction, bool roundTrip) =>
        direction is null && !roundTrip ? ModelCapability.Translate : ModelCapability.TranslateBothWays;

    public override int ImageCount => Seeds.Count;

    /// <summary>Translations of the same weights the same way: the input shape is the model's.</summary>
    public override bool CanShareBatchWith(BatchedWork other) =>
        other is TranslateWork translate && translate.Direction == Direction && translate.RoundTrip == RoundTrip;

    public override torch.Tensor RunPass(IGenerativeModel model, IReadOnlyList<BatchedImage> images)
    {
        var translator = (IImageTranslator)model;
        var shape = translator.InputShape.AsBatch(1);
        var inputs = torch.cat(images.Select(image => torch.tensor(((TranslateWork)image.Work).Inputs[image.Index], shape)).ToList(), 0)
            .to_type(torch.ScalarType.Float32).div(255f);
        return Needs == ModelCapability.Translate
            ? translator.Translate(inputs, images.Select(image => ((TranslateWork)image.Work).Seeds[image.Index]).ToList())
            : ((ITwoWayTranslator)model).Translate(inputs, Direction ?? TranslationDirection.AToB, RoundTrip);
    }
}

/// <summary>
/// Work that runs alone, as one call of one of the model's capabilities. Each kind of call says here
/// what it needs from the model, so a new operation adds a record and touches no worker code.
/// </summary>
/// <remarks>The model has the capability <see cref="InferenceWork.Needs"/> names (the engine checked its
/// family's declaration), so a call casts to the capability's interface.</remarks>
public abstract record ModelCall : InferenceWork
{
    /// <summary>True for a call that computes numbers rather than images (a trajectory forecast): they come back as they
    /// are, in <see cref="GeneratedPixels.Values"/>, instead of quantised to pixels.</summary>
    public virtual bool ReturnsValues => false;

    /// <summary>Runs on the worker's thread, inside a dispose scope.</summary>
    /// <returns>[N, C, H, W] in [0, 1] on the CPU (for <see cref="ReturnsValues"/>, any float32 [N, A, B, C]), or the error to
    /// answer (e.g. a style the model does not have).</returns>
    public abstract ServiceResult<torch.Tensor> Run(IGenerativeModel model);
}

/// <summary>k forecasts of one scene (<see cref="ITrajectoryForecaster"/>): the people's last observed positions in, their
/// futures out, as numbers.</summary>
/// <param name="Observed">Each person's positions, oldest first, as x, y, x, y, ... in metres; the model reads the last of them.</param>
public sealed record TrajectoryForecastWork(IReadOnlyList<float[]> Observed, int Samples, long Seed) : ModelCall
{
    public override string Operation => "forecast-trajectories";

    public override ModelCapability Needs => ModelCapability.ForecastTrajectories;

    public override int ImageCount => Samples;

    public override bool ReturnsValues => true;

    /// <returns>[Samples, predicted steps, people, 2] positions, or a 400 naming the first person with too few positions.</returns>
    public override ServiceResult<torch.Tensor> Run(IGenerativeModel model)
    {
        var forecaster = (ITrajectoryForecaster)model;
        var steps = forecaster.ObservedSteps;
        for (var person = 0; person < Observed.Count; person++)
        {
            if (Observed[person].Length / 2 < steps)
            {
                return ServiceError.Invalid($"people[{person}].observed",
                    $"Give at least {steps} positions (this model observes {steps}, 0.4 s apart); got {Observed[person].Length / 2}.");
            }
        }
        var last = Observed.Select(positions => torch.tensor(positions[^(2 * steps)..], [steps, 1, 2])).ToList();
        return forecaster.Forecast(torch.cat(last, 1), Samples, Seed);
    }
}

public sealed record InterpolateWork(long FromSeed, long ToSeed, int Steps, InterpolationPath Path) : ModelCall
{
    public override string Operation => "interpolate";

    public override ModelCapability Needs => ModelCapability.Interpolate;

    public override int ImageCount => Steps;

    public override ServiceResult<torch.Tensor> Run(IGenerativeModel model) =>
        ((ILatentInterpolator)model).Interpolate(FromSeed, ToSeed, Steps, Path);
}

/// <param name="Pixels">One image [C, H, W] of the model's shape, 8-bit, row-major.</param>
public sealed record ReconstructWork(byte[] Pixels) : ModelCall
{
    public override string Operation => "reconstruct";

    public override ModelCapability Needs => ModelCapability.Reconstruct;

    public override int ImageCount => 1;

    public override ServiceResult<torch.Tensor> Run(IGenerativeModel model)
    {
        var input = torch.tensor(Pixels, model.OutputShape.AsBatch(1)).to_type(torch.ScalarType.Float32).div(255f);
        return ((IReconstructor)model).Reconstruct(input);
    }
}

/// <summary>
/// Upscales one image with the model (<see cref="ISuperResolver"/>, tiled), then resizes the result to the output
/// size with antialiased bicubic when that is not the model's scale. An image with other channels than the model's:
/// gray into a colour model is replicated to RGB, upscaled and returned as BT.601 luma; colour into a gray model is
/// upscaled channel by channel, each as a gray image (exact, three times the work, no chroma guessed). An alpha plane
/// is not shown to the model: it is resized alone with antialiased bicubic and returned as a fourth channel after RGB
/// (a gray image with alpha comes back as RGBA with R = G = B).
/// </summary>
/// <param name="Pixels">The image [Channels, Height, Width], 8-bit, row-major; Channels 1 (gray) or 3 (RGB).</param>
/// <param name="Alpha">The alpha plane [Height, Width], 8-bit, or null when the image is opaque or the format drops it.</param>
public sealed record SuperResolveWork(byte[] Pixels, int Channels, int Height, int Width, byte[]? Alpha, int OutputHeight, int OutputWidth) : ModelCall
{
    public override string Operation => "super-resolve";

    public override ModelCapability Needs => ModelCapability.SuperResolve;

    public override int ImageCount => 1;

    /// <summary>Input pixels over one tile's (<see cref="SuperResolutionModel.TileSize"/> squared), rounded up: the model's
    /// forward passes grow with the input's area, tiled or not.</summary>
    public override long Cost
    {
        get
        {
            const long tilePixels = (long)SuperResolutionModel.TileSize * SuperResolutionModel.TileSize;
            return Math.Max(1, ((long)Height * Width + tilePixels - 1) / tilePixels);
        }
    }

    public override ServiceResult<torch.Tensor> Run(IGenerativeModel model)
    {
        var resolver = (ISuperResolver)model;
        var image = torch.tensor(Pixels, [1, Channels, Height, Width]).to_type(torch.ScalarType.Float32).div(255f);
        var upscaled = (Channels, model.OutputShape.Channels) switch
        {
            (1, 3) => Luma.Of(resolver.SuperResolve(image.expand(1, 3, Height, Width))),
            (3, 1) => resolver.SuperResolve(image.transpose(0, 1)).transpose(0, 1),
            _ => resolver.SuperResolve(image),
        };
        var output = upscaled.shape[2] == OutputHeight && upscaled.shape[3] == OutputWidth
            ? upscaled
            : BicubicResampling.Resize(upscaled, OutputHeight, OutputWidth);
        if (Alpha is null)
            return output;
        var alpha = torch.tensor(Alpha, [1, 1, Height, Width]).to_type(torch.ScalarType.Float32).div(255f);
        var colour = output.shape[1] == 1 ? output.expand(1, 3, OutputHeight, OutputWidth) : output;
        return torch.cat([colour, BicubicResampling.Resize(alpha, OutputHeight, OutputWidth)], 1);
    }
}

/// <summary>Computed images as 8-bit pixels [Count, C, H, W]: plain managed memory, so nothing native
/// outlives the worker's dispose scope or needs the request thread to free it.</summary>
public sealed record GeneratedPixels(byte[] Pixels, int Count, ImageShape Shape)
{
    /// <summary>For a call that computes numbers (<see cref="ModelCall.ReturnsValues"/>): them, [Count, C, H, W] as float32,
    /// with no pixels; otherwise null.</summary>
    public float[]? Values { get; init; }
}

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

    public int ImageCount => Work.ImageCount;

    public long Cost => Work.Cost;

    public bool TryComplete(ServiceResult<GeneratedPixels> result) => completion.TrySetResult(result);

    public bool TryFail(Exception exception) => completion.TrySetException(exception);

    public bool TryCancel() => completion.TrySetCanceled(Abandoned);
}
