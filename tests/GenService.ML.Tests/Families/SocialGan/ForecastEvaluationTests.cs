using GenService.ML.Families.SocialGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SocialGan;

public sealed class ForecastEvaluationTests
{
    public ForecastEvaluationTests() => _ = TestTorch.Runtime;

    private const int Observed = 3;
    private const int Predicted = 2;

    /// <summary>People walking straight at constant speed: one pair 5 cm apart (colliding at every step), one pair 5 m apart.</summary>
    private static readonly IReadOnlyList<TrajectoryWindow> StraightWalks =
    [
        Window(step => [(step * 0.5f, 0f), (step * 0.5f, 0.05f)]),
        Window(step => [(0f, step * 0.4f), (5f, step * 0.4f)]),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_forecaster_that_keeps_everyones_velocity_on_straight_walks_scores_zero_error_and_the_truths_collisions(int batchWindows)
    {
        var figures = ForecastEvaluation.Evaluate(StraightWalks, Observed, Predicted, batchWindows, CPU,
            (observed, _, _) => ForecastErrors.ConstantVelocity(observed, Predicted).expand(ForecastEvaluation.Samples, -1, -1, -1));

        foreach (var name in new[] { "ade", "fde", "constant_velocity_ade", "constant_velocity_fde", "linear_ade", "linear_fde" })
            Assert.Equal(0, figures[name], 5);
        Assert.Equal(0.5, figures[ForecastEvaluation.CollisionRateName], 6);
        Assert.Equal(0.5, figures[ForecastEvaluation.TruthCollisionRateName], 6);
    }

    [Fact]
    public void The_best_of_the_samples_counts_and_the_forecaster_is_told_which_window_it_forecasts()
    {
        var firstWindows = new List<int>();
        var figures = ForecastEvaluation.Evaluate(StraightWalks, Observed, Predicted, batchWindows: 1, CPU, (observed, _, window) =>
        {
            firstWindows.Add(window);
            // Every sample but the last is 1 m off in x; the last is exact.
            var exact = ForecastErrors.ConstantVelocity(observed, Predicted);
            var off = (exact + tensor(new[] { 1f, 0f })).expand(ForecastEvaluation.Samples - 1, -1, -1, -1);
            return cat([off, exact], 0);
        });

        Assert.Equal([0, 1], firstWindows);
        Assert.Equal(0, figures["ade"], 5);
    }

    private static TrajectoryWindow Window(Func<int, (float X, float Y)[]> positionsAt)
    {
        var steps = Enumerable.Range(0, Observed + Predicted).Select(positionsAt).ToList();
        return new TrajectoryWindow(steps[0].Length, [.. steps.SelectMany(people => people.SelectMany(p => new[] { p.X, p.Y }))]);
    }
}
