using System.Globalization;
using GenService.ML.Imaging;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.Api.Training;

/// <summary>
/// The sample grids of one training run, one PNG per snapshot step ("step-000000200.png"), written
/// atomically so a reader never sees half a file.
/// </summary>
public sealed class SnapshotStore(string directory)
{
    private const string Prefix = "step-";
    private const int GridPadding = 2;

    /// <param name="images">[N, C, H, W] float in [0, 1].</param>
    public void Write(long step, Tensor images)
    {
        using var scope = NewDisposeScope();
        var columns = (int)Math.Ceiling(Math.Sqrt(images.shape[0]));
        var png = ImageCodec.Encode(ImageGrid.Tile(images, columns, GridPadding), ImageFormat.Png);
        Directory.CreateDirectory(directory);
        CheckpointStore.WriteAtomically(PathOf(step), stream => stream.Write(png));
    }

    /// <summary>Steps that have a snapshot, oldest first.</summary>
    public IReadOnlyList<long> Steps() =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, $"{Prefix}*.png")
                .Select(path => Path.GetFileNameWithoutExtension(path)[Prefix.Length..])
                .Select(text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : -1)
                .Where(step => step >= 0)
                .Order()
                .ToList();

    /// <returns>The PNG bytes, or null when there is no snapshot of that step.</returns>
    public byte[]? Read(long step)
    {
        var path = PathOf(step);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private string PathOf(long step) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{step:D9}.png"));
}
