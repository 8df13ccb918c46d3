using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// The preview grid of a stored dataset of any kind: images as they are, pairs as A|B side by side, label maps as
/// image|painted map, photos (each at its own size) as thumbnails fitted into square cells, and captioned images
/// enlarged with their first caption under each, and trajectory scenes as plots of their first
/// <see cref="TrajectoryFrames"/> frames' tracks.
/// </summary>
internal static class DatasetPreviewGrid
{
    public const int PhotoCellSide = 128;
    public const int CaptionCellWidth = 160;
    public const int TrajectoryCellSide = 256;
    public const int TrajectoryFrames = 50;
    private const int Padding = 2;

    /// <param name="items">Positions of the images, pairs or photos to show, in order.</param>
    /// <param name="fontFile">The font of captions (Plots:FontFile).</param>
    /// <returns>uint8 [C, H, W].</returns>
    public static Tensor Render(DatasetKind kind, string directory, long[] items, int columns, string fontFile)
    {
        using var scope = NewDisposeScope();
        var tiles = kind switch
        {
            DatasetKind.Photos => PhotoCells(directory, items),
            DatasetKind.Pairs => SideBySide(directory, items),
            DatasetKind.Labelmaps => ImageBesideMap(directory, items),
            DatasetKind.Captions => ImageOverCaption(directory, items, fontFile),
            DatasetKind.Trajectories => SceneTracks(directory, items),
            _ => DatasetFile.ReadImages(directory, items),
        };
        return ImageGrid.Tile(tiles, columns, Padding).MoveToOuterDisposeScope();
    }

    private static Tensor SideBySide(string directory, long[] items)
    {
        using var pairs = PairFile.Read(directory, items);
        var channels = Math.Max(pairs.A.shape[1], pairs.B.shape[1]);
        return cat([pairs.A.expand(-1, channels, -1, -1), pairs.B.expand(-1, channels, -1, -1)], 3);
    }

    /// <summary>Each image, then its map painted in its classes' colours (the "don't care" index and unnamed ones black).</summary>
    private static Tensor ImageBesideMap(string directory, long[] items)
    {
        using var set = LabelMapFile.Read(directory, items);
        var painted = LabelMapPalette.Paint(set.Maps, set.Classes, set.DontCareIndex);
        return cat([set.Images.expand(-1, 3, -1, -1), painted], 3);
    }

    /// <summary>Each image resized to the cell's width (nearest neighbour, so small images stay crisp), its first caption under it.</summary>
    private static Tensor ImageOverCaption(string directory, long[] items, string fontFile)
    {
        var images = DatasetFile.ReadImages(directory, items);
        var enlarged = nn.functional.interpolate(images.to_type(ScalarType.Float32), size: [CaptionCellWidth, CaptionCellWidth], mode: InterpolationMode.Nearest)
            .to_type(ScalarType.Byte);
        var captions = CaptionFile.ReadCaptions(directory, 0, checked((int)items.Max() + 1));
        var strips = CaptionStrip.Draw([.. items.Select(item => captions[(int)item].Captions[0])], CaptionCellWidth, fontFile);
        return cat([enlarged, strips.expand(-1, images.shape[1], -1, -1)], 2);
    }

    private static Tensor SceneTracks(string directory, long[] items) =>
        stack(TrajectoryFile.Read(directory, [.. items.Select(item => (int)item)])
            .Select(scene => TrajectoryPlot.Scene(scene, 0, TrajectoryFrames, TrajectoryCellSide)));

    private static Tensor PhotoCells(string directory, long[] items)
    {
        using var photos = PhotoFile.Read(directory, items.Select(item => (int)item).ToList());
        var cells = zeros([photos.Count, photos.Channels, PhotoCellSide, PhotoCellSide], ScalarType.Byte);
        for (var i = 0; i < photos.Count; i++)
        {
            var photo = photos.Photos[i];
            var scale = (double)PhotoCellSide / Math.Max(photo.Height, photo.Width);
            var (height, width) = (Math.Max(1, (int)Math.Round(photo.Height * scale)), Math.Max(1, (int)Math.Round(photo.Width * scale)));
            var thumbnail = nn.functional.interpolate(
                photo.Pixels.unsqueeze(0).to_type(ScalarType.Float32), size: [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
            cells[i].narrow(1, (PhotoCellSide - height) / 2, height).narrow(2, (PhotoCellSide - width) / 2, width)
                .copy_(thumbnail[0].round_().clamp_(0, 255).to_type(ScalarType.Byte));
        }
        return cells;
    }
}
