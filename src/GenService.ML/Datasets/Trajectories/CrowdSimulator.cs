using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Datasets.Trajectories;

/// <summary>
/// A social force crowd (Helbing and Molnár 1995) on a square plaza with an entrance in the middle of each side: people
/// arrive alone or in pairs, each walks to another side (straight across half the time, turning left or right otherwise),
/// so flows cross and meet head on, and someone's future from the same past can go three ways. Each walker is driven
/// towards their exit at their own preferred speed and pushed away from everyone they are about to come close to, looking
/// ahead to the moment of closest approach (Zanlungo et al. 2011), mostly by those in front of them.
/// </summary>
/// <remarks>Only additions, multiplications, divisions and square roots (all exactly rounded in IEEE 754) on doubles,
/// in a fixed order, with <see cref="SplitMix64"/> for chance: a seed gives the same file, byte for byte, on every CPU.
/// That is why the repulsion falls off as a power of the gap rather than the model's exponential.</remarks>
public static class CrowdSimulator
{
    public const double PlazaSide = 12.0;
    public const int MinFrames = EthUcyFormat.MinFrames;
    public const int MaxFrames = 2000;
    public const int MaxScenes = 200;

    /// <summary>The frame numbers' step, as in ETH's files; frames are <see cref="EthUcyFormat.FrameSeconds"/> apart.</summary>
    public const long FrameStep = 10;

    private const double EntranceWidth = 3.0;
    private const double StepSeconds = 0.1;
    private const int StepsPerFrame = 4;
    private const int WarmUpSteps = 200;
    private const double ArrivalChancePerStep = 0.025;
    private const double PairChance = 0.25;
    private const double PairSpacing = 0.6;
    private const double Radius = 0.25;
    private const double MinSpeed = 1.0;
    private const double MaxPreferredSpeed = 1.6;
    private const double MaxSpeedFactor = 1.3;
    private const double Relaxation = 0.5;
    private const double Repulsion = 3.0;
    private const double RepulsionRange = 0.4;
    private const double Horizon = 2.0;
    private const double Neighbourhood = 5.0;
    private const double RearWeight = 0.3;
    private const double ContactStiffness = 40.0;
    private const double SpawnClearance = 1.0;

    /// <summary>Scenes <paramref name="train"/>, then validation, then test ones, scene i drawn from its own stream
    /// of the seed, so adding scenes leaves the others as they were.</summary>
    public static IReadOnlyList<TrajectoryScene> Simulate(ulong seed, int train, int validation, int test, int frames, CancellationToken cancellationToken = default)
    {
        var splits = Enumerable.Repeat(TrajectorySplit.Train, train)
            .Concat(Enumerable.Repeat(TrajectorySplit.Validation, validation))
            .Concat(Enumerable.Repeat(TrajectorySplit.Test, test));
        return splits.Select((split, index) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Scene(seed, index, split, frames);
        }).ToList();
    }

    /// <summary>Scene <paramref name="index"/> of the seed: <paramref name="frames"/> frames, recorded after the plaza has filled for 20 s.</summary>
    public static TrajectoryScene Scene(ulong seed, int index, TrajectorySplit split, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, MinFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, MaxFrames);
        var random = SplitMix64.ForItem(seed, index);
        var walkers = new List<Walker>();
        var points = new List<TrajectoryPoint>();
        var nextId = 1;
        var totalSteps = WarmUpSteps + (frames * StepsPerFrame);
        for (var step = 0; step < totalSteps; step++)
        {
            if (step >= WarmUpSteps && (step - WarmUpSteps) % StepsPerFrame == 0)
            {
                var frame = (step - WarmUpSteps) / StepsPerFrame * FrameStep;
                points.AddRange(walkers.Select(w => new TrajectoryPoint(frame, w.Id, Centimetres(w.X), Centimetres(w.Y))));
            }
            for (var side = 0; side < 4; side++)
            {
                if (random.Chance(ArrivalChancePerStep))
                    nextId = Arrive(walkers, side, random, nextId);
            }
            Advance(walkers);
            walkers.RemoveAll(w => w.X < 0 || w.X > PlazaSide || w.Y < 0 || w.Y > PlazaSide);
        }
        return new TrajectoryScene($"crowd-{index:D3}", split, FrameStep, points);
    }

    private static double Centimetres(double metres) => Math.Round(metres * 100) / 100;

    /// <summary>Someone (and, now and then, a companion beside them) steps in at this side, unless the entrance is crowded.</summary>
    private static int Arrive(List<Walker> walkers, int side, SplitMix64 random, int nextId)
    {
        var offset = random.Range(-EntranceWidth / 2, EntranceWidth / 2);
        var exit = random.NextDouble() switch
        {
            < 0.5 => Opposite(side),
            < 0.75 => (side + 2) % 4,
            _ => Opposite((side + 2) % 4),
        };
        var exitOffset = random.Range(-EntranceWidth / 3, EntranceWidth / 3);
        var speed = random.Range(MinSpeed, MaxPreferredSpeed);
        var pair = random.Chance(PairChance);
        var members = pair ? new[] { offset - (PairSpacing / 2), offset + (PairSpacing / 2) } : [offset];
        foreach (var member in members)
        {
            var (x, y) = OnSide(side, member, inset: 0.05);
            if (walkers.Any(w => Distance(w.X - x, w.Y - y) < SpawnClearance))
                continue;
            var (goalX, goalY) = OnSide(exit, exitOffset + (member - offset), inset: -1.0);
            var (dx, dy) = (goalX - x, goalY - y);
            var length = Distance(dx, dy);
            walkers.Add(new Walker(nextId++, x, y, speed * dx / length, speed * dy / length, goalX, goalY, speed));
        }
        return nextId;
    }

    /// <summary>Sides: 0 west, 1 east, 2 south, 3 north.</summary>
    private static int Opposite(int side) => side ^ 1;

    /// <param name="inset">How far inside the plaza (negative: outside it).</param>
    private static (double X, double Y) OnSide(int side, double offset, double inset)
    {
        var along = (PlazaSide / 2) + offset;
        return side switch
        {
            0 => (inset, along),
            1 => (PlazaSide - inset, along),
            2 => (along, inset),
            _ => (along, PlazaSide - inset),
        };
    }

    private static double Distance(double dx, double dy) => Math.Sqrt((dx * dx) + (dy * dy));

    /// <summary>One step for everyone at once: accelerations from the positions before the step.</summary>
    private static void Advance(List<Walker> walkers)
    {
        var accelerations = walkers.Select(walker => Acceleration(walker, walkers)).ToList();
        for (var i = 0; i < walkers.Count; i++)
        {
            var walker = walkers[i];
            var (vx, vy) = (walker.Vx + (accelerations[i].X * StepSeconds), walker.Vy + (accelerations[i].Y * StepSeconds));
            var speed = Distance(vx, vy);
            var limit = MaxSpeedFactor * walker.PreferredSpeed;
            if (speed > limit)
                (vx, vy) = (vx * limit / speed, vy * limit / speed);
            walkers[i] = walker with { X = walker.X + (vx * StepSeconds), Y = walker.Y + (vy * StepSeconds), Vx = vx, Vy = vy };
        }
    }

    private static (double X, double Y) Acceleration(Walker walker, List<Walker> walkers)
    {
        var (gx, gy) = (walker.GoalX - walker.X, walker.GoalY - walker.Y);
        var toGoal = Distance(gx, gy);
        var (ex, ey) = (gx / toGoal, gy / toGoal);
        var ax = ((walker.PreferredSpeed * ex) - walker.Vx) / Relaxation;
        var ay = ((walker.PreferredSpeed * ey) - walker.Vy) / Relaxation;
        foreach (var other in walkers)
        {
            if (other.Id == walker.Id)
                continue;
            var (dx, dy) = (walker.X - other.X, walker.Y - other.Y);
            var now = Distance(dx, dy);
            if (now > Neighbourhood || now == 0)
                continue;
            var (dvx, dvy) = (walker.Vx - other.Vx, walker.Vy - other.Vy);
            var closing = (dvx * dvx) + (dvy * dvy);
            var time = closing > 1e-9 ? Math.Clamp(-((dx * dvx) + (dy * dvy)) / closing, 0, Horizon) : 0;
            var (fx, fy) = (dx + (dvx * time), dy + (dvy * time));
            var then = Distance(fx, fy);
            if (then < 1e-6)
                (fx, fy, then) = (dx, dy, now);
            var (nx, ny) = (fx / then, fy / then);
            var falloff = RepulsionRange / (RepulsionRange + Math.Max(then - (2 * Radius), 0));
            var ahead = -((nx * ex) + (ny * ey));
            var weight = RearWeight + ((1 - RearWeight) * (1 + ahead) / 2);
            var push = Repulsion * weight * falloff * falloff * falloff;
            ax += push * nx;
            ay += push * ny;
            if (now < 2 * Radius)
            {
                var contact = ContactStiffness * ((2 * Radius) - now) / now;
                ax += contact * dx;
                ay += contact * dy;
            }
        }
        return (ax, ay);
    }

    private sealed record Walker(int Id, double X, double Y, double Vx, double Vy, double GoalX, double GoalY, double PreferredSpeed);
}
