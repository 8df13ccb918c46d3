using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Brings generated images to the form of the dataset's own: 8-bit, at the dataset's size. Everything an
/// evaluation measures is then measured on the same kind of tensor for real and generated images, and on
/// exactly the pixels a client downloading a PNG of the sample would get.
/// </summary>
public static class SampleImages
{
    /// <summary>Rounds [0, 1] floats to bytes, as <see cref="Imaging.ImageCodec.Encode"/> does.</summary>
    /// <param name="images">[N, C, H, W] float</param>
    /// <returns>uint8 [N, C, H, W] on the CPU</returns>
    public static Tensor Quantise(Tensor images)
    {
        using var scope = NewDisposeScope();
        return images.detach().cpu().to_type(ScalarType.Float32).clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>The images resized to <paramref name="shape"/> as a dataset is (bilinear, antialiased), e.g. a
    /// GAN's 32x32 samples compared with 28x28 Fashion-MNIST; returned unchanged (a copy) when they fit.</summary>
    /// <param name="images">uint8 [N, C, h, w] with the shape's channels</param>
    /// <returns>uint8 [N, C, H, W]</returns>
    public static Tensor ToShape(Tensor images, ImageShape shape)
    {
        if (images.dim() != 4 || images.shape[1] != shape.Channels)
            throw new ArgumentException($"Images [{string.Join(", ", images.shape)}] do not have the {shape.Channels} channel(s) of {shape}.", nameof(images));
        if (images.shape[2] == shape.Height && images.shape[3] == shape.Width)
            return images.clone();
        if (shape.Height != shape.Width)
            throw new ArgumentException($"Only square shapes are resized to; {shape} is not.", nameof(shape));
        using var wrapped = new DatasetTensors(images.alias(), null, []);
        using var resized = wrapped.ResizedTo(shape.Height);
        return resized.Images.clone();
    }
}
