using GenService.ML.Datasets;

namespace GenService.ML.Evaluation;

/// <summary>What a feature network learns to predict, and so what its features capture.</summary>
public enum FeatureTask
{
    /// <summary>The dataset's class labels (Fashion-MNIST, an upload with one folder per class).</summary>
    Classes,

    /// <summary>
    /// Which of four quarter turns an image was given (Gidaris et al., 2018): self-supervised, for images
    /// without labels. Telling the turns apart needs the network to know which way up objects are, so its
    /// features describe shapes and their parts.
    /// </summary>
    Rotation,
}

public static class FeatureTasks
{
    /// <summary>0°, 90°, 180°, 270°.</summary>
    public const int RotationCount = 4;

    /// <summary>Classes when the images carry labels of at least two classes, otherwise rotation.</summary>
    public static FeatureTask For(DatasetTensors dataset) =>
        dataset.Labels is not null && dataset.Classes.Count >= 2 ? FeatureTask.Classes : FeatureTask.Rotation;

    /// <summary>How many outputs the network's head needs for the task on this dataset.</summary>
    public static int Outputs(FeatureTask task, DatasetTensors dataset) =>
        task == FeatureTask.Classes ? dataset.Classes.Count : RotationCount;
}
