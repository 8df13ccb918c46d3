namespace GenService.ML.Evaluation;

/// <summary>How well a segmentation network recovers the label maps from images (see <see cref="ConfusionMatrix"/> for the convention).</summary>
/// <param name="PixelAccuracy">Share of the counted pixels whose class the network recovers.</param>
/// <param name="MeanIntersectionOverUnion">Mean over the classes that occur of each class's IoU over the whole set.</param>
/// <param name="ClassIntersectionOverUnion">Each occurring class's IoU, by class index.</param>
/// <param name="Pixels">Pixels counted: every pixel of every map except the "don't care" ones.</param>
public sealed record LabelMapFidelityScore(
    double PixelAccuracy,
    double MeanIntersectionOverUnion,
    IReadOnlyDictionary<int, double> ClassIntersectionOverUnion,
    long Pixels);
