namespace GenService.ML.Evaluation;

/// <summary>The training loop of the networks the service trains to measure models with (feature and segmentation networks).</summary>
internal static class MeasuringNetworkTraining
{
    /// <summary>Runs steps 0 to <paramref name="steps"/> − 1, stopping between steps when cancelled.</summary>
    /// <param name="step">One optimisation step; returns its loss.</param>
    /// <returns>The mean loss of the last 10 % of the steps.</returns>
    public static double Run(int steps, Func<long, double> step, CancellationToken cancellationToken)
    {
        var tail = Math.Max(1, steps / 10);
        var tailLoss = 0.0;
        for (long index = 0; index < steps; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loss = step(index);
            if (index >= steps - tail)
                tailLoss += loss;
        }
        return tailLoss / tail;
    }
}
