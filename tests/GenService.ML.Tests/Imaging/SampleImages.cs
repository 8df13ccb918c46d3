using static TorchSharp.torch;

namespace GenService.ML.Tests.Imaging;

/// <summary>Real photos shipped by python3-skimage, and small generated tensors.</summary>
internal static class SampleImages
{
    public const string Directory = "/usr/lib/python3/dist-packages/skimage/data";

    /// <summary>512×512 RGB PNG.</summary>
    public static byte[] Astronaut => File.ReadAllBytes(Path.Combine(Directory, "astronaut.png"));

    /// <summary>451×300 RGB PNG.</summary>
    public static byte[] Chelsea => File.ReadAllBytes(Path.Combine(Directory, "chelsea.png"));

    /// <summary>512×512 grayscale PNG.</summary>
    public static byte[] Camera => File.ReadAllBytes(Path.Combine(Directory, "camera.png"));

    /// <summary>1000×872 RGB JPEG.</summary>
    public static byte[] Hubble => File.ReadAllBytes(Path.Combine(Directory, "hubble_deep_field.jpg"));

    /// <summary>An animated GIF, a format the service does not accept.</summary>
    public static byte[] Gif => File.ReadAllBytes(Path.Combine(Directory, "no_time_for_that_tiny.gif"));

    /// <summary>Random uint8 pixels [C, H, W] from a seeded generator.</summary>
    public static Tensor RandomPixels(int channels, int height, int width, long seed = 1)
    {
        using var generator = new Generator((ulong)seed);
        return randint(0, 256, [channels, height, width], generator: generator, dtype: ScalarType.Byte);
    }

    /// <summary>A smooth float image in [0, 1]: gradients compress well, so lossy round trips stay close.</summary>
    public static Tensor Gradient(int channels, int height, int width)
    {
        using var scope = NewDisposeScope();
        var rows = linspace(0, 1, height).view(1, height, 1);
        var columns = linspace(0, 1, width).view(1, 1, width);
        var image = (rows * 0.6 + columns * 0.4).expand(channels, height, width).clone();
        if (channels == 3)
            image[1].mul_(0.5);
        return image.MoveToOuterDisposeScope();
    }
}
