using static TorchSharp.torch;

namespace GenService.ML.Datasets.Landscapes;

/// <summary>Generated landscapes as a <see cref="LabelMapSet"/>: RGB images, their maps, and each image's style as its label.</summary>
public static class LandscapeSet
{
    public static LabelMapSet Draw(ulong seed, int count, int size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var landscapes = LandscapeGenerator.Draw(seed, count, size, cancellationToken);
        var images = empty([count, 3, size, size], ScalarType.Byte);
        var maps = empty([count, size, size], ScalarType.Byte);
        for (var i = 0; i < count; i++)
        {
            using var image = images[i];
            using var map = maps[i];
            landscapes[i].Pixels.CopyTo(image.bytes);
            landscapes[i].Labels.CopyTo(map.bytes);
        }
        var styles = landscapes.Select(landscape => (byte)landscape.Style).ToArray();
        return new LabelMapSet(
            images, maps, LandscapeClasses.All, dontCareIndex: null,
            tensor(styles, [count]), LandscapeGenerator.StyleNames);
    }
}
