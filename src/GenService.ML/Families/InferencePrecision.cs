using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families;

/// <summary>
/// The number format and memory layout of a model's forward passes: float32 everywhere by default;
/// on a GPU, bfloat16 or float16 weights and activations (tensor cores) and channels-last convolutions.
/// </summary>
/// <remarks>TorchSharp 0.107 has no autocast and no memory_format argument, so a model converts its
/// weights once when it is loaded (<see cref="Apply"/>), casts what it feeds them (<see cref="Input"/>)
/// and returns float32, as <see cref="ISampler"/> promises.</remarks>
public sealed record InferencePrecision(ScalarType DataType, bool ChannelsLast)
{
    public static InferencePrecision Float32 { get; } = new(ScalarType.Float32, ChannelsLast: false);

    /// <summary>Converts a module's weights in place: to <see cref="DataType"/>, and every 4-D weight
    /// (a convolution's) to channels-last strides.</summary>
    public void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        if (DataType != ScalarType.Float32)
            module.to(DataType);
        if (!ChannelsLast)
            return;
        foreach (var parameter in module.parameters().Where(p => p.dim() == 4))
        {
            using var laidOut = ToChannelsLast(parameter);
            parameter.set_(laidOut);
        }
    }

    /// <summary>An input cast the way the weights were: its data type and, for [N, C, H, W], its layout.</summary>
    public Tensor Input(Tensor input)
    {
        var cast = input.to(DataType);
        return ChannelsLast && cast.dim() == 4 ? ToChannelsLast(cast) : cast;
    }

    /// <summary>The same [N, C, H, W] values stored N, H, W, C: a permuted copy, permuted back.</summary>
    public static Tensor ToChannelsLast(Tensor tensor) => tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public override string ToString() => $"{DataType}{(ChannelsLast ? ", channels-last" : "")}";
}

/// <summary>A model whose forward passes can run at another <see cref="InferencePrecision"/>. A family
/// that does not implement it always runs in float32.</summary>
public interface IReducedPrecision
{
    /// <summary>Converts the weights once, right after loading, before the first forward pass.</summary>
    void UsePrecision(InferencePrecision precision);
}
