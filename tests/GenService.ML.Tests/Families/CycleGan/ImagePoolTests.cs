using GenService.ML.Families.CycleGan;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.CycleGan;

public sealed class ImagePoolTests
{
    public ImagePoolTests() => _ = TestTorch.Runtime;

    [Fact]
    public void It_shows_and_stores_every_image_until_it_holds_fifty()
    {
        using var pool = new ImagePool(ImagePool.PaperCapacity);
        using var random = new Generator(1);
        using var scope = NewDisposeScope();

        for (var batch = 0; batch < 10; batch++)
        {
            var images = Numbered(batch * 5, 5);
            Assert.True(pool.Query(images, random).eq(images).all().item<bool>());
        }

        Assert.Equal(50, pool.Count);
    }

    [Fact]
    public void Once_full_it_shows_about_half_new_images_and_half_stored_ones_and_stays_full()
    {
        using var pool = new ImagePool(ImagePool.PaperCapacity);
        using var random = new Generator(2);
        using var scope = NewDisposeScope();
        pool.Query(Numbered(0, 50), random);

        var latest = Numbered(1000, 400);
        var shown = pool.Query(latest, random);

        var asItIs = (int)shown.eq(latest).all(1).all(1).all(1).sum().item<long>();
        var fromTheFirstFifty = (int)shown.lt(50).all(1).all(1).all(1).sum().item<long>();
        Assert.InRange(asItIs, 160, 240);    // p = ½ over 400 draws: within 4 standard deviations
        Assert.InRange(fromTheFirstFifty, 1, 50);
        Assert.Equal(50, pool.Count);
    }

    [Fact]
    public void The_same_seed_draws_the_same_swaps_and_a_saved_pool_continues_the_same()
    {
        using var scope = NewDisposeScope();
        using var first = new ImagePool(4);
        using var second = new ImagePool(4);
        using (var random = new Generator(3))
            first.Query(Numbered(0, 6), random);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            first.Save(writer);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
            second.Load(reader, [1, 2, 2], CPU);

        using var randomFirst = new Generator(4);
        using var randomSecond = new Generator(4);
        var next = Numbered(100, 8);

        Assert.True(first.Query(next, randomFirst).eq(second.Query(next, randomSecond)).all().item<bool>());
    }

    [Fact]
    public void A_pool_of_zero_shows_only_the_latest()
    {
        using var pool = new ImagePool(0);
        using var random = new Generator(5);
        using var scope = NewDisposeScope();
        var images = Numbered(0, 3);

        Assert.True(pool.Query(images, random).eq(images).all().item<bool>());
        Assert.Equal(0, pool.Count);
    }

    /// <summary>[count, 1, 2, 2] images, image i filled with first + i, so a shown image tells where it came from.</summary>
    private static Tensor Numbered(int first, int count) =>
        arange(first, first + count, dtype: ScalarType.Float32).view(count, 1, 1, 1).expand(count, 1, 2, 2).contiguous();
}
