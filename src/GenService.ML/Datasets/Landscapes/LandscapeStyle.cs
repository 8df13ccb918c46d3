namespace GenService.ML.Datasets.Landscapes;

/// <summary>The light and season a landscape is rendered in; each image's style is its label.</summary>
public enum LandscapeStyle
{
    Day,
    Sunset,
    Night,
    Winter,
}
