using System.Globalization;

namespace GenService.ML.Datasets.Trajectories;

/// <summary>
/// The text format of the ETH (Pellegrini et al. 2009) and UCY (Lerner et al. 2007) scenes as Gupta et al. 2018 release
/// them (github.com/agrimgupta92/sgan): one observation a line, "frame pedestrian x y", tab or space separated (the
/// reference loader reads either), positions in metres, consecutive frames <see cref="FrameSeconds"/> apart. The
/// release writes the frame and pedestrian numbers as decimals ("780.0"), so whole decimals are read as integers.
/// </summary>
public static class EthUcyFormat
{
    /// <summary>Time between consecutive frames of the release (2.5 frames a second).</summary>
    public const double FrameSeconds = 0.4;

    /// <summary>The most frames a pedestrian may be missing from between two observations of them. Windows of a
    /// training run only use people seen in every frame, so a short gap only loses windows; a longer one is more
    /// likely two people under one number.</summary>
    public const int MaxMissingFrames = 2;

    /// <summary>The fewest frames a file needs: 8 observed and 8 predicted, the shortest setting of the paper.</summary>
    public const int MinFrames = 16;

    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>Reads and checks one scene file.</summary>
    /// <param name="fileName">How messages name the file (its path in the archive).</param>
    /// <exception cref="TrajectoryFormatException">A line is not four numbers, a number is not finite, a pedestrian
    /// is seen twice in a frame or missing from more than <see cref="MaxMissingFrames"/> frames between two observations,
    /// a frame number is off the file's frame step, or the file has fewer than <see cref="MinFrames"/> frames.</exception>
    public static TrajectoryScene Read(TextReader reader, string fileName, string sceneName, TrajectorySplit split)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new List<(TrajectoryPoint Point, int Line)>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            lines.Add((ParseLine(line, fileName, lineNumber), lineNumber));
        }

        var frames = lines.Select(l => l.Point.Frame).Distinct().Order().ToList();
        if (frames.Count < MinFrames)
            throw new TrajectoryFormatException($"{fileName}: {frames.Count} frames; a scene needs at least {MinFrames} (8 observed and 8 predicted).");
        var step = frames.Zip(frames.Skip(1), (a, b) => b - a).Min();
        var offStep = lines.FirstOrDefault(l => (l.Point.Frame - frames[0]) % step != 0);
        if (offStep.Line != 0)
        {
            throw TrajectoryFormatException.At(fileName, offStep.Line,
                $"frame {offStep.Point.Frame} is not a whole number of frame steps ({step}, the smallest gap between frame numbers) after the first frame, {frames[0]}.");
        }

        foreach (var track in lines.GroupBy(l => l.Point.Pedestrian))
        {
            var seen = track.OrderBy(l => l.Point.Frame).ThenBy(l => l.Line).ToList();
            for (var i = 1; i < seen.Count; i++)
            {
                var (previous, current) = (seen[i - 1], seen[i]);
                if (current.Point.Frame == previous.Point.Frame)
                    throw TrajectoryFormatException.At(fileName, current.Line, $"pedestrian {track.Key} is already at frame {current.Point.Frame} (line {previous.Line}).");
                var missing = ((current.Point.Frame - previous.Point.Frame) / step) - 1;
                if (missing > MaxMissingFrames)
                {
                    throw TrajectoryFormatException.At(fileName, current.Line,
                        $"pedestrian {track.Key} reappears at frame {current.Point.Frame} after {missing} frames unseen (last at frame {previous.Point.Frame}, line {previous.Line}); at most {MaxMissingFrames} may be missing.");
                }
            }
        }

        var points = lines.Select(l => l.Point).OrderBy(p => p.Frame).ThenBy(p => p.Pedestrian).ToList();
        return new TrajectoryScene(sceneName, split, step, points);
    }

    /// <summary>Writes a scene tab separated, frame by frame, positions in the shortest text that reads back as the same number.</summary>
    public static void Write(TextWriter writer, TrajectoryScene scene)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scene);
        foreach (var point in scene.Points)
        {
            writer.Write(point.Frame.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(point.Pedestrian.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(point.X.ToString("R", CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(point.Y.ToString("R", CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static TrajectoryPoint ParseLine(string line, string fileName, int lineNumber)
    {
        var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 4)
            throw TrajectoryFormatException.At(fileName, lineNumber, $"{fields.Length} fields; each line is four: frame, pedestrian, x, y (tab or space separated).");
        var frame = Number(fields[0], "frame", fileName, lineNumber);
        var pedestrian = Number(fields[1], "pedestrian", fileName, lineNumber);
        if (frame != Math.Floor(frame) || frame < 0 || frame > 1e15)
            throw TrajectoryFormatException.At(fileName, lineNumber, $"frame '{fields[0]}' is not a whole number from 0 to 10^15.");
        if (pedestrian != Math.Floor(pedestrian) || pedestrian < 0 || pedestrian > int.MaxValue)
            throw TrajectoryFormatException.At(fileName, lineNumber, $"pedestrian '{fields[1]}' is not a whole number from 0 to {int.MaxValue}.");
        return new TrajectoryPoint((long)frame, (int)pedestrian, Number(fields[2], "x", fileName, lineNumber), Number(fields[3], "y", fileName, lineNumber));
    }

    private static double Number(string field, string name, string fileName, int lineNumber) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw TrajectoryFormatException.At(fileName, lineNumber, $"{name} '{field}' is not a finite number.");
}
