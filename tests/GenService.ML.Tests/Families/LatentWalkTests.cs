using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families;

public sealed class LatentWalkTests
{
    public LatentWalkTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_linear_walk_has_evenly_spaced_points_on_the_segment()
    {
        using var scope = NewDisposeScope();
        var from = tensor(new[] { 0f, 0f }).reshape(1, 2);
        var to = tensor(new[] { 4f, 8f }).reshape(1, 2);

        var points = LatentWalk.Between(from, to, 5, InterpolationPath.Linear);

        Assert.True(points.allclose(tensor(new[] { 0f, 0f, 1f, 2f, 2f, 4f, 3f, 6f, 4f, 8f }).reshape(5, 2)));
    }

    [Fact]
    public void A_spherical_walk_keeps_the_norm_of_equally_long_ends()
    {
        using var scope = NewDisposeScope();
        var from = tensor(new[] { 3f, 0f }).reshape(1, 2);
        var to = tensor(new[] { 0f, 3f }).reshape(1, 2);

        var points = LatentWalk.Between(from, to, 7, InterpolationPath.Spherical);

        Assert.True(points.norm(1).allclose(full(7, 3f), rtol: 1e-5));
        Assert.True(points[0].allclose(from[0]) && points[6].allclose(to[0], atol: 1e-6));
    }

    [Fact]
    public void Parallel_ends_fall_back_to_the_straight_line()
    {
        using var scope = NewDisposeScope();
        var from = tensor(new[] { 1f, 1f }).reshape(1, 2);

        var points = LatentWalk.Between(from, from * 3, 3, InterpolationPath.Spherical);

        Assert.True(points[1].allclose(from[0] * 2));
    }
}
