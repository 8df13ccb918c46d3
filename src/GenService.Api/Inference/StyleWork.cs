using GenService.Api.Infrastructure;
using GenService.ML.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.Api.Inference;

/// <summary>Which styles a style-mixing grid takes from its column seeds: a named group of
/// resolutions, or an explicit inclusive range of style indices.</summary>
public sealed record StyleSelection(string? Group, int? FirstStyle, int? LastStyle)
{
    /// <summary>Karras et al. 2019, section 3.1: styles of 4-8 px layers carry pose and shape, 16-32 px
    /// smaller features, 64 px and up colour and micro-structure.</summary>
    public static IReadOnlyDictionary<string, (int Smallest, int Largest)> Groups { get; } = new Dictionary<string, (int, int)>
    {
        ["coarse"] = (4, 8),
        ["middle"] = (16, 32),
        ["fine"] = (64, int.MaxValue),
    };

    /// <returns>The inclusive style range on this model, or why there is none.</returns>
    public ServiceResult<(int First, int Last)> Resolve(IStyleGenerator model)
    {
        var resolutions = model.StyleResolutions;
        var allowed = $"This model takes {resolutions.Count} styles, 0 to {resolutions.Count - 1}, at resolutions {string.Join(", ", resolutions)}.";
        if (Group is not null)
        {
            var (smallest, largest) = Groups[Group];
            var styles = Enumerable.Range(0, resolutions.Count).Where(i => resolutions[i] >= smallest && resolutions[i] <= largest).ToList();
            return styles.Count == 0
                ? ServiceError.Invalid("styles", $"This model has no {Group} styles. {allowed}")
                : (styles[0], styles[^1]);
        }
        var first = FirstStyle ?? 0;
        var last = LastStyle ?? resolutions.Count - 1;
        if (first < 0 || last >= resolutions.Count || first > last)
            return ServiceError.Invalid("firstStyle", $"Must satisfy 0 <= firstStyle <= lastStyle <= {resolutions.Count - 1}. {allowed}");
        return (first, last);
    }
}

/// <summary>
/// A style-mixing grid's images: the column sources, the row sources, then the mixes row by row
/// (image [r, c] has the row seed's styles except the selected ones, taken from the column seed).
/// </summary>
public sealed record StyleMixingWork(IReadOnlyList<long> RowSeeds, IReadOnlyList<long> ColumnSeeds, StyleSelection Styles, double Truncation) : ModelCall
{
    public override string Operation => "style-mixing";

    public override ModelCapability Needs => ModelCapability.StyleOperations;

    public override int ImageCount => ColumnSeeds.Count + RowSeeds.Count + RowSeeds.Count * ColumnSeeds.Count;

    public override ServiceResult<Tensor> Run(IGenerativeModel model)
    {
        var style = (IStyleGenerator)model;
        var range = Styles.Resolve(style);
        if (range.Error is not null)
            return range.Error;
        var (first, last) = range.Value;
        return cat([
            style.Sample(ColumnSeeds, Truncation),
            style.Sample(RowSeeds, Truncation),
            style.MixStyles(RowSeeds, ColumnSeeds, first, last, Truncation),
        ], 0);
    }
}

/// <summary>One seed's image under the noise of each noise seed; with <paramref name="Deviation"/>,
/// a last image showing each pixel's standard deviation over them, scaled so the largest is white.</summary>
public sealed record NoiseVariationWork(long Seed, IReadOnlyList<long> NoiseSeeds, double Truncation, bool Deviation) : ModelCall
{
    public override string Operation => "noise-variation";

    public override ModelCapability Needs => ModelCapability.StyleOperations;

    public override int ImageCount => NoiseSeeds.Count + (Deviation ? 1 : 0);

    public override ServiceResult<Tensor> Run(IGenerativeModel model)
    {
        var images = ((IStyleGenerator)model).VaryNoise(Seed, NoiseSeeds, Truncation);   // [N, C, H, W]
        if (!Deviation)
            return images;
        // Mean over colour channels, so the map reads as "how much this spot changes", whatever the hue.
        var deviation = images.std(0, keepdim: true).mean([1], keepdim: true);   // [1, 1, H, W]
        deviation = (deviation / deviation.max().clamp_min(1e-6)).expand(1, images.shape[1], -1, -1);
        return cat([images, deviation], 0);
    }
}

/// <summary>A walk between two seeds in W, StyleGAN's intermediate latent space.</summary>
public sealed record StyleInterpolateWork(long FromSeed, long ToSeed, int Steps, InterpolationPath Path, double Truncation) : ModelCall
{
    public override string Operation => "style-interpolate";

    public override ModelCapability Needs => ModelCapability.StyleOperations;

    public override int ImageCount => Steps;

    public override ServiceResult<Tensor> Run(IGenerativeModel model) =>
        ((IStyleGenerator)model).InterpolateStyles(FromSeed, ToSeed, Steps, Path, Truncation);
}
