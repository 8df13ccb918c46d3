using GenService.ML.Runtime;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void LoadsLibTorchAndRunsAMatmul()
    {
        var info = TestTorch.Runtime;
        Assert.Contains(info.Devices, d => d.Name == "cpu");
        using var a = ones(3, 4);
        using var b = ones(4, 2);
        using var c = a.matmul(b);
        Assert.Equal(4f, c[0, 0].item<float>());
    }

    [Fact]
    public void TrainsALinearLayerOneStep()
    {
        _ = TestTorch.Runtime;
        using var scope = NewDisposeScope();
        var layer = nn.Linear(3, 1);
        var optimizer = optim.SGD(layer.parameters(), 0.1);
        var before = layer.weight!.clone();
        var loss = layer.forward(ones(5, 3)).pow(2).mean();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        Assert.False(before.allclose(layer.weight!));
    }

    /// <summary>Whatever the start-up check decided, the convolutions now in use give the outputs and
    /// gradients float64 gives, for the channel counts that went wrong on some CPUs.</summary>
    [Fact]
    public void ConvolutionsAreRightAfterTheStartUpCheck()
    {
        _ = TestTorch.Runtime;
        Assert.True(ConvolutionCheck.Passes());
    }
}
