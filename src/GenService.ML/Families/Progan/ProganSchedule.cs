namespace GenService.ML.Families.Progan;

/// <summary>Where growth stands: the level being trained (0 is 4x4) and how far its new layers are faded in.</summary>
/// <param name="Alpha">Weight of the new level's layers, ramping 0 → 1 while they fade in; 1 when stable.
/// Level 0 has nothing to fade from and is always 1.</param>
public sealed record ProganPhase(int Level, double Alpha)
{
    public int Resolution => ProganArchitecture.Resolution(Level);

    public bool IsFading => Alpha < 1;
}

/// <summary>
/// Maps a run's steps onto Karras et al.'s growth: every resolution gets an equal share of the steps
/// (steps / levels, the last level also the remainder); at every level above 4x4 the first half of its
/// share fades the new layers in (α from 0 to 1, linearly) and the second half trains them stable (α = 1).
/// </summary>
/// <remarks>A pure function of the step: a run resumed after a crash continues in the same phase with the
/// same α. The paper counts phases in images (800k to fade, 800k to stabilise); sharing the run's steps
/// keeps the same proportions for any run length.</remarks>
public sealed record ProganSchedule(int Levels, long TotalSteps)
{
    /// <summary>The phase step <paramref name="step"/> trains in; steps past the end stay at the last level, stable.</summary>
    public ProganPhase PhaseAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var share = Math.Max(1, TotalSteps / Levels);
        var level = (int)Math.Min(Levels - 1, step / share);
        if (level == 0)
            return new ProganPhase(0, 1);
        var fadeSteps = Math.Max(1, share / 2);
        var intoLevel = step - level * share;
        return new ProganPhase(level, Math.Min(1.0, (double)intoLevel / fadeSteps));
    }
}
