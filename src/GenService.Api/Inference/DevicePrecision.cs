using GenService.ML.Families;
using GenService.ML.Runtime;
using static TorchSharp.torch;

namespace GenService.Api.Inference;

/// <summary>Number formats a worker can run its models in (Inference:Precision).</summary>
public enum PrecisionSetting
{
    Fp32,
    Bf16,
    Fp16,
}

/// <summary>The precision one device's worker runs its models at.</summary>
internal static class DevicePrecision
{
    /// <summary>The configured precision on a CUDA device. On the CPU float32, always: reduced precision
    /// there is slower, not faster, and would change the bytes the service has always returned.</summary>
    public static InferencePrecision Choose(ComputeDevice device, InferenceOptions options, ILogger logger)
    {
        var asked = new InferencePrecision(ToScalarType(options.Precision), options.ChannelsLast);
        if (asked == InferencePrecision.Float32)
            return asked;
        if (device.Kind != "cuda")
        {
            logger.LogInformation("Inference:Precision {Precision} and Inference:ChannelsLast {ChannelsLast} apply to CUDA devices only; {Device} runs float32",
                options.Precision, options.ChannelsLast, device.Name);
            return InferencePrecision.Float32;
        }
        logger.LogInformation("Models on {Device} run in {Precision}", device.Name, asked);
        return asked;
    }

    private static ScalarType ToScalarType(PrecisionSetting setting) => setting switch
    {
        PrecisionSetting.Bf16 => ScalarType.BFloat16,
        PrecisionSetting.Fp16 => ScalarType.Float16,
        _ => ScalarType.Float32,
    };
}
