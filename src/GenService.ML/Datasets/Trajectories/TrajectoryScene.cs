namespace GenService.ML.Datasets.Trajectories;

/// <summary>One scene (one file of the ETH/UCY format): everyone's positions, ordered by frame, then pedestrian.</summary>
/// <param name="Name">The file's name without its folder or extension, e.g. "biwi_eth".</param>
/// <param name="FrameStep">How far apart the frame numbers of consecutive frames are (10 in ETH's files): <see cref="EthUcyFormat.FrameSeconds"/> apart in time.</param>
public sealed record TrajectoryScene(string Name, TrajectorySplit Split, long FrameStep, IReadOnlyList<TrajectoryPoint> Points)
{
    public int FrameCount => Points.Select(p => p.Frame).Distinct().Count();

    public int PedestrianCount => Points.Select(p => p.Pedestrian).Distinct().Count();
}
