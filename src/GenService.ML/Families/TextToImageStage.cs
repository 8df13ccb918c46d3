namespace GenService.ML.Families;

/// <summary>Which of a stacked text-to-image model's generators draws (StackGAN, Zhang et al. 2017).</summary>
public enum TextToImageStage
{
    /// <summary>Stage I: shape and colours from the text, at the dataset's resolution.</summary>
    I = 1,

    /// <summary>Stage II: stage I's image refined with the text again, at twice its resolution.</summary>
    II = 2,
}
