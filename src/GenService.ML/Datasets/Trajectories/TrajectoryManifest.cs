namespace GenService.ML.Datasets.Trajectories;

/// <summary>The manifest.json of a stored trajectory dataset: its scenes, each a text file of the ETH/UCY format.</summary>
/// <param name="FrameSeconds">Time between consecutive frames.</param>
public sealed record TrajectoryManifest(int FormatVersion, string Kind, double FrameSeconds, IReadOnlyList<TrajectorySceneEntry> Scenes);

/// <summary>One scene of a <see cref="TrajectoryManifest"/>.</summary>
/// <param name="File">Its path in the dataset folder, e.g. "train/zara1.txt".</param>
/// <param name="FrameStep">The difference between the frame numbers of consecutive frames.</param>
public sealed record TrajectorySceneEntry(string Name, TrajectorySplit Split, string File, long FrameStep, int Frames, int Pedestrians);
