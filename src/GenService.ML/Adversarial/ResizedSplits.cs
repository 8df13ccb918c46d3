using GenService.ML.Datasets;
using GenService.ML.Families;

namespace GenService.ML.Adversarial;

/// <summary>A run's training and held-out images at the size its GAN generates: the setup's own
/// tensors where they already have that size, otherwise resized copies, which this object owns.</summary>
public sealed class ResizedSplits : IDisposable
{
    private readonly List<DatasetTensors> copies = [];

    public ResizedSplits(TrainingSetup setup, ImageShape shape)
    {
        Train = AtSize(setup.Train, shape);
        Validation = AtSize(setup.Validation, shape);
    }

    public DatasetTensors Train { get; }

    public DatasetTensors Validation { get; }

    public void Dispose()
    {
        foreach (var copy in copies)
            copy.Dispose();
    }

    private DatasetTensors AtSize(DatasetTensors data, ImageShape shape)
    {
        if (data.Shape == shape)
            return data;
        var copy = data.ResizedTo(shape.Height);
        copies.Add(copy);
        return copy;
    }
}
