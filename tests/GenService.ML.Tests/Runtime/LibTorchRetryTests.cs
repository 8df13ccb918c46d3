using System.Runtime.InteropServices;
using GenService.ML.Runtime;

namespace GenService.ML.Tests.Runtime;

public sealed class LibTorchRetryTests
{
    [Fact]
    public void A_libtorch_failure_is_told_and_the_computation_runs_once_more()
    {
        var calls = 0;
        var told = new List<string>();

        var result = LibTorchRetry.Once(
            () => ++calls == 1 ? throw new ExternalException("Unknown scalar type") : calls,
            error => told.Add(error.Message));

        Assert.Equal(2, result);
        Assert.Equal(["Unknown scalar type"], told);
    }

    [Fact]
    public void A_second_failure_is_thrown()
    {
        var calls = 0;

        var thrown = Assert.Throws<ExternalException>(() => LibTorchRetry.Once<int>(
            () => throw new ExternalException($"failure {++calls}"), _ => { }));

        Assert.Equal("failure 2", thrown.Message);
    }

    [Fact]
    public void Other_errors_are_not_retried()
    {
        var calls = 0;

        Assert.Throws<InvalidOperationException>(() => LibTorchRetry.Once<int>(
            () => throw new InvalidOperationException($"failure {++calls}"), _ => throw new InvalidOperationException("told")));

        Assert.Equal(1, calls);
    }
}
