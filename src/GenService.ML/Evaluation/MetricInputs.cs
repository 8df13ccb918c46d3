using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>Checks and converts the inputs every metric shares: feature sets [N, D] and image pairs [N, C, H, W].</summary>
internal static class MetricInputs
{
    /// <summary>The features as float64 on their device; float32 loses the small differences FID and k-NN radii hinge on.</summary>
    public static Tensor FeaturesAsFloat64(Tensor features, string parameterName, long minimumCount = 1) =>
        CheckFeatures(features, parameterName, minimumCount).to_type(ScalarType.Float64);

    /// <summary>Checks that the features are [N, D] with at least <paramref name="minimumCount"/> rows, and returns them as they are.</summary>
    public static Tensor CheckFeatures(Tensor features, string parameterName, long minimumCount = 1)
    {
        if (features.dim() != 2)
            throw new ArgumentException($"Features must be a [N, D] tensor; got {features.dim()} dimensions.", parameterName);
        if (features.shape[0] < minimumCount)
            throw new ArgumentException($"At least {minimumCount} feature rows are needed; got {features.shape[0]}.", parameterName);
        return features;
    }

    public static void CheckSameDimension(Tensor first, Tensor second)
    {
        if (first.shape[1] != second.shape[1])
            throw new ArgumentException($"Feature sets differ in dimension: {first.shape[1]} and {second.shape[1]}.");
    }

    /// <summary>Both images as float64 [N, C, H, W] after checking they match in shape.</summary>
    public static (Tensor First, Tensor Second) ImagePairAsFloat64(Tensor first, Tensor second)
    {
        if (first.dim() != 4)
            throw new ArgumentException($"Images must be [N, C, H, W]; got {first.dim()} dimensions.", nameof(first));
        if (!first.shape.SequenceEqual(second.shape))
            throw new ArgumentException(
                $"Image batches differ in shape: [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}].",
                nameof(second));
        return (first.to_type(ScalarType.Float64), second.to_type(ScalarType.Float64).to(first.device));
    }
}
