using GenService.ML.Runtime;

namespace GenService.Api.Training;

/// <summary>The device background work (training, evaluation) runs on.</summary>
public static class TrainingDevice
{
    /// <summary>Training:Device when set, else the first CUDA device, else the CPU.</summary>
    public static ComputeDevice Select(TrainingOptions options)
    {
        var devices = TorchRuntime.Current.Devices;
        if (!string.IsNullOrWhiteSpace(options.Device))
            return devices.FirstOrDefault(d => d.Name == options.Device)
                ?? throw new InvalidOperationException($"Training:Device '{options.Device}' is not present; found {string.Join(", ", devices.Select(d => d.Name))}.");
        return devices.FirstOrDefault(d => d.Kind == "cuda") ?? devices.First(d => d.Kind == "cpu");
    }
}
