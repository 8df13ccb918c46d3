namespace GenService.ML.Families;

/// <summary>
/// What a family's models can do, declared on the family (<see cref="IModelFamily.Capabilities"/>) so a
/// request or a run can be refused before any model is loaded. Each capability is one interface a loaded
/// model implements; a new kind of model (translate an image, super-resolve) adds its interface and its
/// capability together.
/// </summary>
public enum ModelCapability
{
    /// <summary>Draws images from seeds: <see cref="ISampler"/>.</summary>
    Sample,

    /// <summary>Encodes an image and decodes it again: <see cref="IReconstructor"/>.</summary>
    Reconstruct,

    /// <summary>Walks the latent space between two seeds: <see cref="ILatentInterpolator"/>.</summary>
    Interpolate,

    /// <summary>Truncation, style mixing, noise variation and walks in W: <see cref="IStyleGenerator"/>.</summary>
    StyleOperations,

    /// <summary>Turns an input image into an output image (pix2pix): <see cref="IImageTranslator"/>.</summary>
    Translate,

    /// <summary>Upscales images of any size by a fixed factor (SRResNet, SRGAN): <see cref="ISuperResolver"/>.</summary>
    SuperResolve,

    /// <summary>Translates between two domains in either direction, and round trips (CycleGAN): <see cref="ITwoWayTranslator"/>.</summary>
    TranslateBothWays,

    /// <summary>Renders images from label maps, optionally in the style of a style image (SPADE): <see cref="ILabelMapRenderer"/>.</summary>
    LabelMapToImage,

    /// <summary>Draws images from text prompts (GAN-INT-CLS with StackGAN's two stages): <see cref="ITextToImageGenerator"/>.</summary>
    TextToImage,
    /// <summary>Forecasts several futures of the people of a scene from their observed tracks (Social GAN): <see cref="ITrajectoryForecaster"/>.</summary>
    ForecastTrajectories,
}
