using System.Runtime.InteropServices;
using GenService.ML.Runtime;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Runtime;

public class BatchInvarianceCheckTests
{
    /// <summary>What every "same bytes in any batch" test builds on, on whatever CPU runs the suite.</summary>
    [Fact]
    public void TheKernelsInUseKeepARowsBitsWhateverItsCompanionsAndPlace()
    {
        Assert.True(TestTorch.Runtime.BatchInvariant);
        Assert.True(BatchInvarianceCheck.Passes());
    }

    [Fact]
    public void ALayerWhoseRowsDependOnTheirPlaceIsCaught()
    {
        _ = TestTorch.Runtime;
        using var generator = new Generator(1);

        Assert.True(BatchInvarianceCheck.KeepsRows(x => x * 2, [4], size: 7, generator));
        Assert.False(BatchInvarianceCheck.KeepsRows(x => x + arange(x.shape[0]).view(-1, 1) * 1e-3f, [4], size: 7, generator));
        Assert.False(BatchInvarianceCheck.KeepsRows(x => x + x.mean(), [4], size: 7, generator));
    }

    [Fact]
    public void MklRunsInItsStrictReproducibleMode()
    {
        _ = TestTorch.Runtime;
        // Read as MKL reads it: through the C library (the runtime's own copy of the environment does not see it).
        Assert.Equal("AUTO,STRICT", Marshal.PtrToStringUTF8(GetEnvironment(LibTorchContext.MklReproducibilityVariable)));
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(string name);
}
