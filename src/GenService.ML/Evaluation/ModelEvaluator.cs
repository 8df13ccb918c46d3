using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Evaluates a trained model on its dataset's feature network: FID-style Fréchet distance, KID and
/// precision/recall of its samples, each next to two baselines measured the same way with the same
/// counts (held-out real images: the floor; the untrained model: the ceiling), and how close its samples
/// come to training images compared with new real images (memorisation).
/// </summary>
public sealed class ModelEvaluator(FeatureExtractor extractor, ModelEvaluationSettings settings)
{
    /// <summary>Seeds per generation call: bounds the memory of a large model's batch.</summary>
    private const int GenerationBatch = 64;

    private readonly PrecisionRecall precisionRecall = new(settings.PrecisionRecallK);

    /// <summary>How many images each set will hold for this data: the sample count, at most the held-out split.</summary>
    public int SampleCount(EvaluationData data) =>
        (int)Math.Min(settings.SampleCount, Math.Min(data.HeldOut.Count, data.Train.Count));

    /// <summary>Why the data is too small to evaluate on, or null when it is not.</summary>
    public string? Check(EvaluationData data)
    {
        var count = SampleCount(data);
        var minimum = Math.Max(settings.PrecisionRecallK + 1, 2);
        return count < minimum
            ? $"Evaluation compares sets of at least {minimum} images, but the held-out split has {data.HeldOut.Count} and the training split {data.Train.Count}."
            : null;
    }

    /// <param name="model">The trained model; it must be an <see cref="ISampler"/>. An <see cref="IReconstructor"/>
    /// also gets the PSNR and SSIM of its held-out reconstructions.</param>
    /// <param name="untrained">The same family's trainer at step 0, built with the model's hyperparameters and
    /// run seed: its <see cref="ITrainer.Preview"/> is the untrained model's samples.</param>
    public ModelEvaluationResult Evaluate(IGenerativeModel model, ITrainer untrained, EvaluationData data, CancellationToken cancellationToken)
    {
        if (model is not ISampler sampler)
            throw new ArgumentException($"A {model.Architecture} model does not draw samples, so it cannot be evaluated this way.", nameof(model));
        if (Check(data) is { } reason)
            throw new ArgumentException(reason, nameof(data));
        if (data.Train.Shape != extractor.InputShape || data.HeldOut.Shape != extractor.InputShape)
            throw new ArgumentException($"The feature network reads {extractor.InputShape} images; the data is {data.Train.Shape}.", nameof(data));

        using var scope = NewDisposeScope();
        var count = SampleCount(data);
        var seeds = Enumerable.Range(0, count).Select(i => (long)i).ToList();
        using var generator = new Generator((ulong)settings.Seed);
        var reference = data.TrainFeatures.index_select(0, randperm(data.Train.Count, generator: generator).narrow(0, 0, count));
        var heldOutIndices = randperm(data.HeldOut.Count, generator: generator).narrow(0, 0, count);

        var heldOutImages = data.HeldOut.Images.index_select(0, heldOutIndices);
        var modelImages = Generate(sampler.Sample, seeds, cancellationToken);
        var untrainedImages = Generate(untrained.Preview, seeds, cancellationToken);

        var heldOutFeatures = data.HeldOutFeatures.index_select(0, heldOutIndices);

        // The floor takes the round trip the samples take: a family that trains at another size (a GAN at 32x32 on
        // 28x28 data) learns the resized images, and its samples are resized back; a perfect model of what it was
        // shown matches held-out images that went the same way, not the native ones.
        var (floorImages, floorFeatures) = model.OutputShape == extractor.InputShape
            ? (heldOutImages, heldOutFeatures)
            : RoundTrip(heldOutImages, model.OutputShape);

        // "Closer than a new real image" measures against the floor's images for the same reason: resizing moves every
        // image away from the native training images (in pixels, further than most held-out images lie from them).
        var trainPixels = PixelVectors.Of(data.Train.Images);
        var featureThreshold = Memorisation.TypicalDistance(floorFeatures, data.TrainFeatures);
        var pixelThresholdInBytes = Memorisation.TypicalDistance(PixelVectors.Of(floorImages), trainPixels);
        cancellationToken.ThrowIfCancellationRequested();

        // Subsets of the whole set would all be the same set: one computation repeated.
        var kid = new KernelInceptionDistance(settings.KidSubsets, Math.Min(settings.KidSubsetSize, Math.Max(2, count / 2)));
        var bootstrap = new FeatureSetBootstrap(settings.BootstrapReplicates);

        SampleSetScores Score(Tensor images, Tensor features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var precisionAndRecall = precisionRecall.Compute(reference, features);
            var kernelDistance = kid.Compute(reference, features, settings.Seed);
            var standardErrors = bootstrap.Compute(reference, features, settings.Seed);
            return new SampleSetScores(
                FrechetDistance.Compute(reference, features),
                standardErrors.FrechetDistance,
                kernelDistance.Mean,
                standardErrors.Kid,
                precisionAndRecall.Precision,
                precisionAndRecall.Recall,
                Memorisation.ShareCloserThan(features, data.TrainFeatures, featureThreshold),
                Memorisation.ShareCloserThan(PixelVectors.Of(images), trainPixels, pixelThresholdInBytes));
        }

        return new ModelEvaluationResult(
            count,
            Score(modelImages, extractor.Extract(modelImages)),
            Score(floorImages, floorFeatures),
            Score(untrainedImages, extractor.Extract(untrainedImages)),
            featureThreshold,
            pixelThresholdInBytes * PixelVectors.ToUnitDistance,
            model is IReconstructor reconstructor ? Reconstruct(reconstructor, model.OutputShape, heldOutImages) : null);
    }

    /// <summary>Held-out images resized to the model's output shape and back to the feature network's, and their features.</summary>
    /// <param name="heldOut">uint8 [N, C, H, W] at the feature network's shape</param>
    private (Tensor Images, Tensor Features) RoundTrip(Tensor heldOut, ImageShape modelShape)
    {
        using var scope = NewDisposeScope();
        var images = SampleImages.ToShape(SampleImages.ToShape(heldOut, modelShape), extractor.InputShape);
        return (images.MoveToOuterDisposeScope(), extractor.Extract(images).MoveToOuterDisposeScope());
    }

    /// <summary>The images of these seeds, 8-bit at the feature network's shape, in seed order.</summary>
    private Tensor Generate(Func<IReadOnlyList<long>, Tensor> draw, IReadOnlyList<long> seeds, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batches = new List<Tensor>();
        for (var start = 0; start < seeds.Count; start += GenerationBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var images = draw([.. seeds.Skip(start).Take(GenerationBatch)]);
            batches.Add(SampleImages.ToShape(SampleImages.Quantise(images), extractor.InputShape).MoveToOuterDisposeScope());
        }
        return cat(batches, 0).MoveToOuterDisposeScope();
    }

    /// <param name="heldOut">uint8 [N, C, H, W] at the dataset's shape</param>
    private static ImagePairScores Reconstruct(IReconstructor reconstructor, ImageShape shape, Tensor heldOut)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var originals = SampleImages.ToShape(heldOut, shape).to_type(ScalarType.Float32).div_(255f);
        var reconstructions = new List<Tensor>();
        for (long start = 0; start < originals.shape[0]; start += GenerationBatch)
            reconstructions.Add(reconstructor.Reconstruct(originals.narrow(0, start, Math.Min(GenerationBatch, originals.shape[0] - start))));
        return ImagePairMetrics.Compute(cat(reconstructions, 0), originals);
    }
}
