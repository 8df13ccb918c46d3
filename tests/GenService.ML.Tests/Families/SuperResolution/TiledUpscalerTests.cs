using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

public sealed class TiledUpscalerTests
{
    /// <summary>
    /// Tiled and untiled outputs agree to float rounding only: the convolution kernels may block their sums
    /// differently for inputs of different sizes. Measured for these networks: 0 at ×2 and 7e-8 at ×4 (outputs
    /// with a spread of 0.04 to 0.08); 1e-5 leaves room and is far below an 8-bit step (0.004). With half the
    /// receptive radius of overlap the same tiles differ by 6e-3 to 3e-2, a visible seam.
    /// </summary>
    private const double Tolerance = 1e-5;

    public TiledUpscalerTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(2, 30)]
    [InlineData(4, 33)]
    public void Tiles_with_the_receptive_radius_of_overlap_stitch_to_the_untiled_image_everywhere(int scale, int tile)
    {
        using var generator = EvalGenerator(scale);
        var overlap = generator.Architecture.ReceptiveRadius;
        var tiles = new TiledUpscaler(generator.forward, scale, tile, overlap);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = rand(1, 3, 50, 37);

        var tiled = tiles.Upscale(image);
        var whole = generator.forward(image);

        Assert.Equal(whole.shape, tiled.shape);
        var error = (tiled - whole).abs().max().item<float>();
        Assert.True(error <= Tolerance, $"max |tiled − untiled| = {error}");
        var halfOverlap = new TiledUpscaler(generator.forward, scale, tile, overlap / 2).Upscale(image);
        Assert.True((halfOverlap - whole).abs().max().item<float>() > 1e-3, "too little overlap shows at the seams");
    }

    [Fact]
    public void Tiles_stay_within_the_tile_size_and_cover_the_image_once()
    {
        var seen = new List<long[]>();
        Tensor Identity(Tensor tile)
        {
            seen.Add(tile.shape);
            return tile.repeat_interleave(2, 2).repeat_interleave(2, 3);
        }
        var tiles = new TiledUpscaler(Identity, scale: 2, tile: 10, overlap: 3);
        using var scope = NewDisposeScope();
        var image = arange(23 * 17f).view(1, 1, 23, 17);

        var upscaled = tiles.Upscale(image);

        // Cores of 10 − 2·3 = 4 pixels: ⌈23/4⌉ · ⌈17/4⌉ tiles, none larger than 10.
        Assert.Equal(6 * 5, seen.Count);
        Assert.All(seen, shape => Assert.True(shape[2] <= 10 && shape[3] <= 10));
        Assert.True(upscaled.eq(image.repeat_interleave(2, 2).repeat_interleave(2, 3)).all().item<bool>());
    }

    /// <summary>What bounds memory: a tile's activations are freed before the next tile runs, not at the end of
    /// the image (held by the caller's dispose scope, a 1024x1024 photo at x4 kept tens of GB alive). Each tile
    /// may leave only its kept core behind.</summary>
    [Fact]
    public void A_tile_leaves_only_its_core_alive_when_the_next_one_runs()
    {
        var liveAtEachTile = new List<long>();
        Tensor Upscale(Tensor tile)
        {
            liveAtEachTile.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            var activation = tile.repeat_interleave(2, 2).repeat_interleave(2, 3);
            for (var layer = 0; layer < 10; layer++)
                activation = activation * 1.5f;
            return activation;
        }
        var tiles = new TiledUpscaler(Upscale, scale: 2, tile: 10, overlap: 3);
        using var scope = NewDisposeScope();
        var image = rand(1, 1, 23, 17);

        tiles.Upscale(image);

        var growth = liveAtEachTile.Zip(liveAtEachTile.Skip(1), (before, after) => after - before).ToList();
        Assert.All(growth, tensors => Assert.True(tensors <= 2, $"{tensors} tensors more alive from one tile to the next"));
    }

    [Fact]
    public void A_tile_no_larger_than_twice_the_overlap_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TiledUpscaler(t => t, scale: 2, tile: 8, overlap: 4));
    }

    /// <summary>A random generator in eval mode, its batch norm statistics moved away from the identity as a
    /// trained network's would be, so that the test sees what inference sees.</summary>
    private static SrResNetGenerator EvalGenerator(int scale)
    {
        var generator = new SrResNetGenerator(new SuperResolutionArchitecture(new ImageShape(3, 16, 16), scale, Channels: 4, ResidualBlocks: 2));
        using var random = new Generator(3);
        DefaultInitialisation.Apply(generator, random);
        using (no_grad())
        {
            foreach (var (name, buffer) in generator.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                    buffer.uniform_(-0.5, 0.5, random);
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                    buffer.uniform_(0.5, 2, random);
            }
        }
        generator.eval();
        return generator;
    }
}
