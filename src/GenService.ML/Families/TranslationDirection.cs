namespace GenService.ML.Families;

/// <summary>Which way a model that learned two mappings (CycleGAN) translates.</summary>
public enum TranslationDirection
{
    /// <summary>From domain A to domain B: G_AB.</summary>
    AToB,

    /// <summary>From domain B to domain A: G_BA.</summary>
    BToA,
}
