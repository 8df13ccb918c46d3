namespace GenService.ML.Datasets.Trajectories;

/// <summary>The folders the published ETH/UCY release splits its scenes into, in the order they are stored.</summary>
public enum TrajectorySplit
{
    Train,
    Validation,
    Test,
}

/// <summary>The folder names of <see cref="TrajectorySplit"/>, as Gupta et al.'s release spells them.</summary>
public static class TrajectorySplitFolders
{
    public static string Folder(this TrajectorySplit split) => split switch
    {
        TrajectorySplit.Train => "train",
        TrajectorySplit.Validation => "val",
        _ => "test",
    };

    public static TrajectorySplit? FromFolder(string folder) => folder switch
    {
        "train" => TrajectorySplit.Train,
        "val" => TrajectorySplit.Validation,
        "test" => TrajectorySplit.Test,
        _ => null,
    };
}
