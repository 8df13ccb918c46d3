namespace GenService.ML.Datasets;

public enum FashionMnistSplit
{
    /// <summary>60,000 images.</summary>
    Train,

    /// <summary>10,000 images.</summary>
    Test,
}
