using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>The <c>spade</c> command's figures, as PNGs: the comparison with pix2pix, semantic manipulation (one map
/// edited, rendered in the same styles) and style images (one map in the styles of several images).</summary>
public static class SpadeFigures
{
    /// <summary>Seeds of the manipulation figure's rows: each row keeps its style code while the map changes.</summary>
    private const int ManipulationSeeds = 3;

    /// <summary>Style images of each style in the style-image figure.</summary>
    private const int ImagesPerStyle = 2;

    /// <summary>A map worth editing holds at least this share of sea and of mountain.</summary>
    private const double EditableShare = 0.05;

    /// <summary>One row per held-out map, the first <paramref name="rows"/>: painted map | pix2pix | SPADE | real image.</summary>
    /// <param name="pix2pix">uint8 [N, 3, S, S]: pix2pix's renderings of the held-out maps.</param>
    /// <param name="spade">uint8 [N, 3, S, S]: SPADE's.</param>
    public static byte[] Comparison(LabelMapSet heldOut, Tensor pix2pix, Tensor spade, int rows)
    {
        using var scope = NewDisposeScope();
        var count = (int)Math.Min(rows, heldOut.Count);
        var painted = LabelMapPalette.Paint(heldOut.Maps.narrow(0, 0, count), heldOut.Classes, heldOut.DontCareIndex);
        var columns = new[] { painted, pix2pix.narrow(0, 0, count), spade.narrow(0, 0, count), heldOut.Images.narrow(0, 0, count) };
        // [count, 4, C, S, S] flattened: map i's four images side by side.
        var tiles = stack(columns, 1).flatten(0, 1);
        return ImageCodec.Encode(ImageGrid.Tile(tiles, columns: columns.Length), ImageFormat.Png);
    }

    /// <summary>The first held-out map with sea and mountain to edit, or the first map when none has both.</summary>
    public static int EditableMap(LabelMapSet heldOut)
    {
        for (var i = 0; i < heldOut.Count; i++)
        {
            using var scope = NewDisposeScope();
            var map = heldOut.Maps[i];
            double Share(LandscapeClass landscapeClass) => map.eq((byte)landscapeClass).to_type(ScalarType.Float32).mean().item<float>();
            if (Share(LandscapeClass.Sea) >= EditableShare && Share(LandscapeClass.Mountain) >= EditableShare)
                return i;
        }
        return 0;
    }

    /// <summary>Held-out map <paramref name="index"/> and its edits (columns: as drawn, sea to grass, mountain removed,
    /// a mountain added, sky to cloud), painted in the first row, then rendered by <paramref name="spade"/> in the random
    /// style of seed 0, 1 and 2, one seed a row.</summary>
    public static byte[] Manipulation(ILabelMapRenderer spade, LabelMapSet heldOut, int index)
    {
        using var scope = NewDisposeScope();
        var maps = stack(Edits(heldOut.Maps[index]));
        var edits = (int)maps.shape[0];
        var rows = new List<Tensor> { LabelMapPalette.Paint(maps, heldOut.Classes, heldOut.DontCareIndex) };
        for (var seed = 0L; seed < ManipulationSeeds; seed++)
            rows.Add(SampleImages.Quantise(spade.Render(maps, null, Enumerable.Repeat(seed, edits).ToList())));
        return ImageCodec.Encode(ImageGrid.Tile(cat(rows, 0), columns: edits), ImageFormat.Png);
    }

    /// <summary>First row: held-out map <paramref name="index"/> painted, then the first <see cref="ImagesPerStyle"/>
    /// held-out images of each style (day, sunset, night, winter). Second row: the map's own image, then the map
    /// rendered by <paramref name="spade"/> in the style of the image above it (its style encoder's code, seed 0's noise).</summary>
    public static byte[] StyleImages(ILabelMapRenderer spade, LabelMapSet heldOut, int index)
    {
        using var scope = NewDisposeScope();
        var chosen = Enumerable.Range(0, heldOut.ImageClasses.Count)
            .SelectMany(style => heldOut.ImageLabels!.eq(style).nonzero().flatten().data<long>().Take(ImagesPerStyle).ToArray())
            .ToArray();
        var styles = heldOut.Images.index_select(0, tensor(chosen));
        var maps = heldOut.Maps[index].unsqueeze(0).repeat(chosen.Length, 1, 1);
        var rendered = SampleImages.Quantise(spade.Render(maps, styles.to_type(ScalarType.Float32).div(255f), new long[chosen.Length]));
        var map = heldOut.Maps.narrow(0, index, 1);
        var tiles = cat([LabelMapPalette.Paint(map, heldOut.Classes, heldOut.DontCareIndex), styles, heldOut.Images.narrow(0, index, 1), rendered], 0);
        return ImageCodec.Encode(ImageGrid.Tile(tiles, columns: chosen.Length + 1), ImageFormat.Png);
    }

    /// <summary>The map as drawn, sea turned into grass, mountain into sky (removed), a peak of mountain raised over
    /// the sky and clouds in the middle (added), and sky turned into cloud.</summary>
    /// <param name="map">uint8 [S, S].</param>
    private static Tensor[] Edits(Tensor map)
    {
        Tensor Replace(LandscapeClass from, LandscapeClass to) => map.masked_fill(map.eq((byte)from), (byte)to);
        var size = map.shape[0];
        var rows = arange(size).unsqueeze(1);
        var columns = arange(size).unsqueeze(0);
        // A triangle with its summit an eighth of the way down, above the landscapes' mountains, widening by one pixel
        // each side per row.
        var peak = rows.ge((columns - size / 2).abs() + size / 8);
        var overSky = map.eq((byte)LandscapeClass.Sky).logical_or(map.eq((byte)LandscapeClass.Cloud));
        var withMountain = map.masked_fill(peak.logical_and(overSky), (byte)LandscapeClass.Mountain);
        return [map, Replace(LandscapeClass.Sea, LandscapeClass.Grass), Replace(LandscapeClass.Mountain, LandscapeClass.Sky), withMountain, Replace(LandscapeClass.Sky, LandscapeClass.Cloud)];
    }
}
