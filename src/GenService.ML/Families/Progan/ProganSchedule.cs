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
/// Maps a run's steps onto Karras et al.'s growth as their code schedules it: the last
/// <paramref name="FinalShare"/> of the run trains the final resolution stable; the steps before it are split
/// into equal phases: 4x4 stable, then for every level above it a fade-in (α from 0 to 1, linearly) and, but
/// for the last level, a stable phase.
/// </summary>
/// <param name="Levels">At least 2: the GANs generate 32x32 and larger.</param>
/// <remarks>A pure function of the step: a run resumed after a crash continues in the same phase with the
/// same α. The reference (tkarras/progressive_growing_of_gans) counts phases in images (600k to fade, 600k
/// stable, 800k each in the paper) and trains the final resolution until the run's total; sharing the run's
/// steps keeps its proportions for any run length.</remarks>
public sealed record ProganSchedule(int Levels, long TotalSteps, double FinalShare)
{
    /// <summary>The length of every phase before the final resolution's stable phase; at least one step.</summary>
    public long PhaseSteps => Math.Max(1, (long)Math.Floor(TotalSteps * (1 - FinalShare) / (2 * (Levels - 1))));

    /// <summary>The phase step <paramref name="step"/> trains in; steps past the end stay at the last level, stable.</summary>
    public ProganPhase PhaseAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < PhaseSteps)
            return new ProganPhase(0, 1);
        var sinceFirstFade = step - PhaseSteps;
        var level = (int)Math.Min(Levels - 1, 1 + sinceFirstFade / (2 * PhaseSteps));
        var intoLevel = sinceFirstFade - (level - 1) * 2 * PhaseSteps;
        return new ProganPhase(level, Math.Min(1.0, (double)intoLevel / PhaseSteps));
    }

    /// <summary>Whether <paramref name="step"/> begins a phase after another: a level starts fading in or becomes
    /// stable. Karras et al.'s code resets Adam's state at both (<c>reset_opt_for_new_lod</c>).</summary>
    public bool StartsPhase(long step)
    {
        if (step == 0)
            return false;
        var (previous, current) = (PhaseAt(step - 1), PhaseAt(step));
        return previous.Level != current.Level || previous.IsFading != current.IsFading;
    }
}
