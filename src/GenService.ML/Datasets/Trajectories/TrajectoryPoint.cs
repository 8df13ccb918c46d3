namespace GenService.ML.Datasets.Trajectories;

/// <summary>Where one pedestrian stood at one frame, in metres: a line of the ETH/UCY text format.</summary>
public readonly record struct TrajectoryPoint(long Frame, int Pedestrian, double X, double Y);
