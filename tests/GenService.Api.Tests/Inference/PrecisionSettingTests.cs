using GenService.Api.Inference;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Observability;
using GenService.ML.Families;
using GenService.ML.Runtime;
using TorchSharp;

namespace GenService.Api.Tests.Inference;

public class PrecisionSettingTests
{
    private static readonly ComputeDevice Cpu = new("cpu", "cpu", "test CPU");
    private static readonly ComputeDevice Cuda = new("cuda:0", "cuda", "test GPU");

    [Fact]
    public void TheCpuRunsFloat32WhateverIsAskedAndSaysSo()
    {
        using var logs = new CapturedLogs();
        var options = new InferenceOptions { Precision = PrecisionSetting.Bf16, ChannelsLast = true };

        var precision = DevicePrecision.Choose(Cpu, options, logs.CreateLogger("test"));

        Assert.Equal(InferencePrecision.Float32, precision);
        Assert.Contains(logs.Entries, e => e.Message.Contains("CUDA devices only", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PrecisionSetting.Fp32, false, torch.ScalarType.Float32)]
    [InlineData(PrecisionSetting.Bf16, true, torch.ScalarType.BFloat16)]
    [InlineData(PrecisionSetting.Fp16, false, torch.ScalarType.Float16)]
    public void ACudaDeviceRunsThePrecisionAskedFor(PrecisionSetting setting, bool channelsLast, torch.ScalarType expected)
    {
        using var logs = new CapturedLogs();
        var options = new InferenceOptions { Precision = setting, ChannelsLast = channelsLast };

        Assert.Equal(new InferencePrecision(expected, channelsLast), DevicePrecision.Choose(Cuda, options, logs.CreateLogger("test")));
    }

    [Theory]
    [InlineData("bf16", true)]
    [InlineData("FP16", true)]
    [InlineData("fp8", false)]
    [InlineData("double", false)]
    public void OnlyKnownPrecisionsLetTheServiceStart(string value, bool starts)
    {
        using var factory = new GenServiceFactory { Settings = { ["Inference:Precision"] = value } };

        var start = Record.Exception(() => factory.CreateClient().Dispose());

        if (starts)
            Assert.Null(start);
        else
            Assert.Contains("Precision", Assert.IsType<InvalidOperationException>(start).Message, StringComparison.Ordinal);
    }
}
