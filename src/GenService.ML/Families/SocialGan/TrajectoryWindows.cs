using GenService.ML.Datasets.Trajectories;
using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>The people of a scene seen in every one of some consecutive frames: one training or evaluation example.</summary>
/// <param name="Positions">[steps · people · 2] metres, step by step, people in order of their number.</param>
public sealed record TrajectoryWindow(int People, float[] Positions);

/// <summary>
/// Cuts scenes into windows of consecutive frames, one starting at every frame, as the reference loader does: each window
/// keeps the people seen in all of its frames, and is left out when there is none or when a frame is missing from the
/// scene inside it.
/// </summary>
public static class TrajectoryWindows
{
    public static IReadOnlyList<TrajectoryWindow> Cut(IEnumerable<TrajectoryScene> scenes, int steps)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var windows = new List<TrajectoryWindow>();
        foreach (var scene in scenes)
        {
            var byFrame = scene.Points.GroupBy(p => p.Frame).OrderBy(g => g.Key)
                .Select(g => (Frame: g.Key, People: g.ToDictionary(p => p.Pedestrian))).ToList();
            for (var start = 0; start + steps <= byFrame.Count; start++)
            {
                if (byFrame[start + steps - 1].Frame - byFrame[start].Frame != (steps - 1) * scene.FrameStep)
                    continue;
                var people = byFrame[start].People.Keys
                    .Where(person => Enumerable.Range(start, steps).All(f => byFrame[f].People.ContainsKey(person)))
                    .Order().ToList();
                if (people.Count == 0)
                    continue;
                var positions = new float[steps * people.Count * 2];
                for (var step = 0; step < steps; step++)
                {
                    for (var i = 0; i < people.Count; i++)
                    {
                        var point = byFrame[start + step].People[people[i]];
                        positions[(((step * people.Count) + i) * 2) + 0] = (float)point.X;
                        positions[(((step * people.Count) + i) * 2) + 1] = (float)point.Y;
                    }
                }
                windows.Add(new TrajectoryWindow(people.Count, positions));
            }
        }
        return windows;
    }

    /// <summary>The windows side by side, each a scene of the batch.</summary>
    /// <returns>[steps, people of all windows, 2] on the device, and the scenes.</returns>
    public static (Tensor Positions, SceneRanges Scenes) Batch(IReadOnlyList<TrajectoryWindow> windows, int steps, Device device)
    {
        ArgumentNullException.ThrowIfNull(windows);
        using var scope = NewDisposeScope();
        var parts = windows.Select(w => tensor(w.Positions, [steps, w.People, 2])).ToList();
        return (cat(parts, 1).to(device).MoveToOuterDisposeScope(), new SceneRanges([.. windows.Select(w => w.People)]));
    }
}
