namespace GenService.ML.Datasets.Trajectories;

/// <summary>A trajectory file that cannot be read; the message names the file and, where there is one, the line.</summary>
public sealed class TrajectoryFormatException : Exception
{
    public TrajectoryFormatException()
    {
    }

    public TrajectoryFormatException(string message)
        : base(message)
    {
    }

    public TrajectoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static TrajectoryFormatException At(string fileName, int line, string problem) => new($"{fileName}, line {line}: {problem}");
}
