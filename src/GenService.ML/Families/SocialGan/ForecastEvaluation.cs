using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Social GAN's evaluation on held-out windows: ADE and FDE of the best of <see cref="Samples"/> forecasts (metres), of the
/// constant-velocity and linear baselines measured the same way, and the share of forecast futures that collide
/// (<see cref="Collisions"/>) next to the share of true ones. The trainer's validation and the stored evaluation both use it.
/// </summary>
public static class ForecastEvaluation
{
    /// <summary>Best of this many forecasts, as the paper reports.</summary>
    public const int Samples = 20;

    public const string AdeName = "ade";
    public const string FdeName = "fde";
    public const string ConstantVelocityPrefix = "constant_velocity_";
    public const string LinearPrefix = "linear_";
    public const string CollisionRateName = "collision_rate";
    public const string TruthCollisionRateName = "truth_collision_rate";

    /// <param name="forecast">[obs, N, 2] observed positions of a batch, its scenes and the index of its first window →
    /// [<see cref="Samples"/>, pred, N, 2] forecast positions.</param>
    /// <param name="batchWindows">Windows forecast at once.</param>
    /// <returns>"ade", "fde", "constant_velocity_ade", ..., "linear_fde", "collision_rate", "truth_collision_rate".</returns>
    public static IReadOnlyDictionary<string, double> Evaluate(
        IReadOnlyList<TrajectoryWindow> windows, int observedSteps, int predictedSteps, int batchWindows, Device device,
        Func<Tensor, SceneRanges, int, Tensor> forecast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(forecast);
        if (windows.Count == 0)
            throw new ArgumentException("There is no window to evaluate on.", nameof(windows));
        var (model, constant, linear) = (default(ForecastErrors), default(ForecastErrors), default(ForecastErrors));
        var (colliding, futures, truthColliding, truthFutures) = (0L, 0L, 0L, 0L);
        for (var start = 0; start < windows.Count; start += batchWindows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (positions, scenes) = TrajectoryWindows.Batch(windows.Skip(start).Take(batchWindows).ToList(), observedSteps + predictedSteps, device);
            var observed = positions[..observedSteps];
            var truth = positions[observedSteps..];
            var forecasts = forecast(observed, scenes, start);
            model += ForecastErrors.BestOfK(forecasts, truth, scenes);
            constant += ForecastErrors.BestOfK(ForecastErrors.ConstantVelocity(observed, predictedSteps), truth, scenes);
            linear += ForecastErrors.BestOfK(ForecastErrors.Linear(observed, predictedSteps), truth, scenes);
            var (c, f) = Collisions.Count(forecasts, scenes);
            var (tc, tf) = Collisions.Count(truth.unsqueeze(0), scenes);
            (colliding, futures, truthColliding, truthFutures) = (colliding + c, futures + f, truthColliding + tc, truthFutures + tf);
        }
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [AdeName] = model.Ade(predictedSteps),
            [FdeName] = model.Fde,
            [ConstantVelocityPrefix + AdeName] = constant.Ade(predictedSteps),
            [ConstantVelocityPrefix + FdeName] = constant.Fde,
            [LinearPrefix + AdeName] = linear.Ade(predictedSteps),
            [LinearPrefix + FdeName] = linear.Fde,
            [CollisionRateName] = colliding / (double)futures,
            [TruthCollisionRateName] = truthColliding / (double)truthFutures,
        };
    }
}
