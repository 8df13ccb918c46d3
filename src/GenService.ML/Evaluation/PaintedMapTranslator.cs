using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>A translator trained on painted label maps (pix2pix, <see cref="PaintedMapPairs"/>) seen as a label-map
/// renderer, so that the SPADE paper's baseline is measured as SPADE is: map i painted, then translated with seed i.</summary>
/// <param name="translator">Not taken over.</param>
public sealed class PaintedMapTranslator(IImageTranslator translator, IReadOnlyList<LabelClass> classes, int? dontCareIndex) : ILabelMapRenderer
{
    /// <summary>Painted maps carry no style: <paramref name="styles"/> must be null.</summary>
    public Tensor Render(Tensor maps, Tensor? styles, IReadOnlyList<long> seeds)
    {
        if (styles is not null)
            throw new ArgumentException("A translator of painted maps takes no style image.", nameof(styles));
        using var scope = NewDisposeScope();
        var painted = LabelMapPalette.Paint(maps, classes, dontCareIndex).to_type(ScalarType.Float32).div_(255f);
        return translator.Translate(painted, seeds).MoveToOuterDisposeScope();
    }
}
