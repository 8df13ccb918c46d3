namespace GenService.ML.Runtime;

/// <summary>A device models can run on: "cpu" or "cuda:N".</summary>
public sealed record ComputeDevice(string Name, string Kind, string Description)
{
    public TorchSharp.torch.Device ToTorch() => new(Name);
}
