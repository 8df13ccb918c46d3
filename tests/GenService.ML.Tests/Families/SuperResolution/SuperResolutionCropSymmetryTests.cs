using GenService.ML.Families.SuperResolution;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

/// <summary>Training crops turned by the square's symmetries: the same pixels, eight arrangements, the seed's draw.</summary>
public sealed class SuperResolutionCropSymmetryTests
{
    public SuperResolutionCropSymmetryTests() => _ = TestTorch.Runtime;

    /// <summary>The eight arrangements of a crop whose pixels all differ, as flattened values.</summary>
    private static HashSet<string> Symmetries(Tensor crop)
    {
        var arrangements = new HashSet<string>();
        foreach (var transposed in new[] { crop, crop.transpose(1, 2) })
        foreach (var rows in new[] { transposed, transposed.flip(1) })
        foreach (var columns in new[] { rows, rows.flip(2) })
            arrangements.Add(string.Join(',', columns.flatten().data<float>().ToArray()));
        return arrangements;
    }

    [Fact]
    public void Each_crop_becomes_one_of_its_eight_symmetries_and_all_eight_occur()
    {
        using var scope = NewDisposeScope();
        const int count = 256;
        var crop = arange(2 * 4 * 4, dtype: ScalarType.Float32).reshape(2, 4, 4);
        var crops = crop.unsqueeze(0).expand(count, -1, -1, -1);
        using var random = new Generator(7);

        var turned = SuperResolutionCrops.RandomSymmetries(crops, random);

        var allowed = Symmetries(crop);
        Assert.Equal(8, allowed.Count);
        var seen = Enumerable.Range(0, count).Select(i => string.Join(',', turned[i].flatten().data<float>().ToArray())).ToHashSet();
        Assert.Subset(allowed, seen);
        Assert.Equal(8, seen.Count);
    }

    [Fact]
    public void The_same_generator_state_turns_the_same_crops_the_same_way()
    {
        using var scope = NewDisposeScope();
        var crops = rand([16, 3, 6, 6], generator: new Generator(1));

        var first = SuperResolutionCrops.RandomSymmetries(crops, new Generator(3));
        var second = SuperResolutionCrops.RandomSymmetries(crops, new Generator(3));

        Assert.True(first.eq(second).all().item<bool>());
    }
}
