using TorchSharp;

namespace GenService.ML.Families;

/// <summary>
/// What a family whose models translate (<see cref="ModelCapability.Translate"/>) says about their inputs, from a
/// model's stored hyperparameters alone: a service prepares inputs, and picks a dataset item's input, without
/// loading the model.
/// </summary>
public interface ITranslationInputs
{
    /// <summary>The shape of the images a model with this output shape and these hyperparameters reads
    /// (<see cref="IImageTranslator.InputShape"/>).</summary>
    ImageShape InputShape(ImageShape outputShape, Hyperparameters hyperparameters);

    /// <summary>The inputs the model was trained to translate into these images, made as its trainer made them.</summary>
    /// <param name="images">uint8 [N, C, H, W] at the model's output shape.</param>
    /// <returns>uint8 [N, Ca, H, W] of <see cref="InputShape"/>.</returns>
    torch.Tensor InputsFor(torch.Tensor images, Hyperparameters hyperparameters);

    /// <summary>Whether a model trained on a label-map dataset translates its maps painted in the classes' colours
    /// (<see cref="Datasets.PaintedMapPairs"/>) rather than inputs made from its images.</summary>
    bool TranslatesPaintedLabelMaps => false;
}
