using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Pixel counts by (target class, predicted class), accumulated over a whole set of label maps, from which
/// pixel accuracy and intersection over union follow. Pixels whose target is the ignored ("don't care")
/// index are not counted at all.
/// </summary>
/// <remarks>
/// The convention is the segmentation benchmarks' (PASCAL VOC, Cityscapes, ADE20K), which the SPADE paper
/// follows: each class's IoU is TP / (TP + FP + FN) summed over the whole set, not averaged per image, and
/// mean IoU averages it over the classes that occur in the targets or the predictions; a class absent from
/// both has no IoU and does not count.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] counts;

    /// <param name="classCount">Class indices run from 0 to classCount - 1.</param>
    /// <param name="ignoredIndex">The "don't care" index, or null when every pixel counts; it may lie outside
    /// the class range (Cityscapes' 255).</param>
    public ConfusionMatrix(int classCount, int? ignoredIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        IgnoredIndex = ignoredIndex;
        counts = new long[classCount * classCount];
    }

    public int ClassCount { get; }

    public int? IgnoredIndex { get; }

    /// <summary>Pixels of class <paramref name="target"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int target, int predicted] => counts[target * ClassCount + predicted];

    /// <summary>Pixels counted so far (the ignored ones left out).</summary>
    public long Pixels => counts.Sum();

    /// <summary>Counts the pixels of one or more maps.</summary>
    /// <param name="predicted">Integer class indices, any shape.</param>
    /// <param name="target">Integer class indices of the same shape; pixels with the ignored index are skipped.</param>
    /// <exception cref="ArgumentException">The shapes differ, or an index outside 0 to ClassCount - 1 (other than the ignored one).</exception>
    public void Add(Tensor predicted, Tensor target)
    {
        if (!predicted.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"Predicted [{string.Join(", ", predicted.shape)}] and target [{string.Join(", ", target.shape)}] maps differ in shape.", nameof(predicted));
        using var scope = NewDisposeScope();
        var predictions = predicted.cpu().flatten().to_type(ScalarType.Int64);
        var targets = target.cpu().flatten().to_type(ScalarType.Int64);
        if (IgnoredIndex is { } ignored)
        {
            var counted = targets.ne(ignored);
            predictions = predictions.masked_select(counted);
            targets = targets.masked_select(counted);
        }
        if (targets.numel() == 0)
            return;
        CheckRange(predictions, nameof(predicted));
        CheckRange(targets, nameof(target));

        var cells = targets.mul(ClassCount).add_(predictions).bincount(null, counts.Length);
        var added = cells.data<long>().ToArray();
        for (var cell = 0; cell < counts.Length; cell++)
            counts[cell] += added[cell];
    }

    /// <summary>Share of the counted pixels whose class is predicted right.</summary>
    /// <exception cref="InvalidOperationException">No pixel has been counted.</exception>
    public double PixelAccuracy
    {
        get
        {
            var pixels = Pixels;
            if (pixels == 0)
                throw new InvalidOperationException("No pixel has been counted.");
            var correct = Enumerable.Range(0, ClassCount).Sum(c => this[c, c]);
            return (double)correct / pixels;
        }
    }

    /// <summary>TP / (TP + FP + FN) of class <paramref name="classIndex"/> over everything counted, or null when
    /// the class occurs neither in the targets nor in the predictions.</summary>
    public double? IntersectionOverUnion(int classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, ClassCount);
        var truePositives = this[classIndex, classIndex];
        long targetPixels = 0, predictedPixels = 0;
        for (var other = 0; other < ClassCount; other++)
        {
            targetPixels += this[classIndex, other];
            predictedPixels += this[other, classIndex];
        }
        var union = targetPixels + predictedPixels - truePositives;
        return union == 0 ? null : (double)truePositives / union;
    }

    /// <summary>Each class's IoU, for the classes that occur (the ignored index never does), by class index.</summary>
    public IReadOnlyDictionary<int, double> ClassIntersectionOverUnion() =>
        Enumerable.Range(0, ClassCount)
            .Where(c => c != IgnoredIndex)
            .Select(c => (Class: c, IoU: IntersectionOverUnion(c)))
            .Where(entry => entry.IoU is not null)
            .ToDictionary(entry => entry.Class, entry => entry.IoU!.Value);

    /// <summary>The mean of <see cref="ClassIntersectionOverUnion"/>.</summary>
    /// <exception cref="InvalidOperationException">No pixel has been counted.</exception>
    public double MeanIntersectionOverUnion
    {
        get
        {
            var perClass = ClassIntersectionOverUnion();
            if (perClass.Count == 0)
                throw new InvalidOperationException("No pixel has been counted.");
            return perClass.Values.Average();
        }
    }

    private void CheckRange(Tensor indices, string name)
    {
        var (lowest, highest) = (indices.min().item<long>(), indices.max().item<long>());
        if (lowest < 0 || highest >= ClassCount)
            throw new ArgumentException($"Class indices run from 0 to {ClassCount - 1}; the {name} maps hold {(lowest < 0 ? lowest : highest)}.", name);
    }
}
