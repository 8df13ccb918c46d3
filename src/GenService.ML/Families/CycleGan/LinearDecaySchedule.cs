namespace GenService.ML.Families.CycleGan;

/// <summary>
/// Zhu et al. 2017's learning rate: "We keep the same learning rate for the first 100 epochs and linearly decay the
/// rate to zero over the next 100 epochs", here in steps: the full rate for the first half of the run, then a straight
/// line to zero at its last step. A function of the step alone, so a resumed run needs no schedule state.
/// </summary>
public static class LinearDecaySchedule
{
    /// <returns>The share of the initial rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>:
    /// 1 before totalSteps / 2, then (totalSteps − step) / (totalSteps − totalSteps / 2), 0 from totalSteps on.</returns>
    public static double Factor(long step, long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        var constant = totalSteps / 2;
        if (step < constant)
            return 1;
        return Math.Max(0, (double)(totalSteps - step) / (totalSteps - constant));
    }
}
