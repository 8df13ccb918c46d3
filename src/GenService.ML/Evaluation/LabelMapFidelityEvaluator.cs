using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Evaluates a label-map renderer (SPADE) as the SPADE paper does (<see cref="LabelMapFidelity"/>): the dataset's
/// segmentation network segments the renderings of the first held-out maps (map i in seed i's random style), scored
/// against those maps, next to the same network on the real held-out images, the ceiling. Given the dataset's feature
/// network, also the FID-style Fréchet distance of the renderings to those real held-out images, next to that of as
/// many real training images, the floor.
/// </summary>
/// <remarks>The segmentation network is the dataset's, trained once at the dataset's size and shared by every model and
/// evaluation of it, so that their figures compare. A model trained smaller renders at its size; its renderings are
/// brought to the network's size, and the real images go to the model's size and back first, so that the ceiling is
/// what a perfect model of what the model was shown would reach.</remarks>
public static class LabelMapFidelityEvaluator
{
    public const string MapsName = "maps";
    public const string PixelAccuracyName = "pixel_accuracy";
    public const string MeanIouName = "mean_iou";
    public const string FrechetDistanceName = "frechet_distance";

    /// <summary>Names of the real images' scores: the ceiling of mIoU and pixel accuracy, the floor of the Fréchet distance.</summary>
    public const string RealPrefix = "real_";

    private const int RenderBatchSize = 32;

    /// <param name="segmenter">The dataset's segmentation network, at the dataset's size.</param>
    /// <param name="train">The run's training images and maps at the dataset's size; the first are the Fréchet distance's floor.</param>
    /// <param name="heldOut">The run's held-out images and maps at the dataset's size.</param>
    /// <param name="features">The dataset's feature network, or null to leave the Fréchet distances out.</param>
    /// <param name="size">The model's size, at which it renders the maps (resized as its trainer resized them).</param>
    /// <param name="count">Held-out maps measured: the first ones, at most all.</param>
    /// <returns>"maps", "pixel_accuracy", "mean_iou", "frechet_distance" (with a feature network and at least two maps)
    /// and their "real_" ceilings and floor; the comparison sheet's rows, at the model's size, are map painted in the
    /// classes' colours | rendering | real image.</returns>
    public static ImageToImageEvaluation Evaluate(
        ILabelMapRenderer renderer, Segmenter segmenter, LabelMapSet train, LabelMapSet heldOut, FeatureExtractor? features, int size, int count,
        CancellationToken cancellationToken)
    {
        if (heldOut.Count == 0)
            throw new ArgumentException("Label-map fidelity needs at least one held-out map.", nameof(heldOut));
        var datasetShape = new ImageShape((int)heldOut.Images.shape[1], (int)heldOut.Images.shape[2], (int)heldOut.Images.shape[3]);
        if (segmenter.InputShape != datasetShape)
            throw new ArgumentException($"The segmentation network reads {segmenter.InputShape} images; the dataset's are {datasetShape}.", nameof(segmenter));
        var modelShape = datasetShape with { Height = size, Width = size };
        using var scope = NewDisposeScope();
        using var indices = arange(Math.Min(count, heldOut.Count), dtype: ScalarType.Int64);
        using var first = heldOut.Select(indices);
        using var atModelSize = first.ResizedTo(size);
        var rendered = Render(renderer, atModelSize.Maps, cancellationToken);
        var generated = LabelMapFidelity.Score(segmenter, SampleImages.ToShape(rendered, datasetShape), first.Maps, first.DontCareIndex);
        var real = LabelMapFidelity.Score(segmenter, SampleImages.ToShape(atModelSize.Images, datasetShape), first.Maps, first.DontCareIndex);

        var rows = Math.Min(ComparisonSheet.Rows, (int)first.Count);
        Tensor Shown(Tensor images) => images.narrow(0, 0, rows).to_type(ScalarType.Float32).div(255f).expand(-1, 3, -1, -1);
        var painted = LabelMapPalette.Paint(atModelSize.Maps, first.Classes, first.DontCareIndex);
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MapsName] = first.Count,
            [PixelAccuracyName] = generated.PixelAccuracy,
            [MeanIouName] = generated.MeanIntersectionOverUnion,
            [RealPrefix + PixelAccuracyName] = real.PixelAccuracy,
            [RealPrefix + MeanIouName] = real.MeanIntersectionOverUnion,
        };
        if (features is not null && first.Count >= 2 && train.Count >= 2)
        {
            // The floor compares real images with real images, as many as the renderings, none of them the held-out ones,
            // all at the model's size as the renderings are.
            using var floorIndices = arange(Math.Min(first.Count, train.Count), dtype: ScalarType.Int64);
            var heldOutFeatures = Features(features, atModelSize.Images);
            figures[FrechetDistanceName] = FrechetDistance.Compute(Features(features, rendered), heldOutFeatures);
            var floorImages = SampleImages.ToShape(train.Images.index_select(0, floorIndices), modelShape);
            figures[RealPrefix + FrechetDistanceName] = FrechetDistance.Compute(Features(features, floorImages), heldOutFeatures);
        }
        return new ImageToImageEvaluation(figures, ComparisonSheet.Encode(Shown(painted), Shown(rendered), Shown(atModelSize.Images)));
    }

    /// <summary>A segmentation network trained on <paramref name="train"/>'s images and maps, exported and read back.</summary>
    public static Segmenter TrainSegmenter(LabelMapSet train, SegmentationNetworkSettings settings, Device device, long seed, CancellationToken cancellationToken)
    {
        using var trainer = new SegmentationNetworkTrainer(settings, train, device, seed);
        trainer.Train(cancellationToken);
        using var stored = new MemoryStream();
        trainer.Export(stored);
        stored.Position = 0;
        return Segmenter.Load(stored, device);
    }

    /// <param name="images">uint8 [N, C, H, W] at the model's size, resized to the feature network's as a sample is.</param>
    private static Tensor Features(FeatureExtractor features, Tensor images) => features.Extract(SampleImages.ToShape(images, features.InputShape));

    /// <summary>Map i in seed i's random style, quantised as a PNG would store it.</summary>
    /// <returns>uint8 [N, C, H, W] on the CPU.</returns>
    public static Tensor Render(ILabelMapRenderer renderer, Tensor maps, CancellationToken cancellationToken)
    {
        var batches = new List<Tensor>();
        for (long start = 0; start < maps.shape[0]; start += RenderBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var size = Math.Min(RenderBatchSize, maps.shape[0] - start);
            var seeds = Enumerable.Range(0, (int)size).Select(i => start + i).ToList();
            batches.Add(SampleImages.Quantise(renderer.Render(maps.narrow(0, start, size).to_type(ScalarType.Int64), null, seeds)).MoveToOuterDisposeScope());
        }
        return cat(batches, 0);
    }
}
