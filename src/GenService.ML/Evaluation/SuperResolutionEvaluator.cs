using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Held-out PSNR and SSIM of a super-resolution model against bicubic upscaling, as the SRGAN paper's tables
/// report them: each crop bicubically downscaled by the model's scale, upscaled back by the model and by bicubic,
/// both compared with the crop on 8-bit luma with a border of scale pixels shaved off
/// (<see cref="SuperResolutionEvaluation"/>). Figures are means over the crops.
/// </summary>
public static class SuperResolutionEvaluator
{
    public const string CropsName = "crops";
    public const string ScaleName = "scale";
    public const string CropSizeName = "crop_size";

    private const int BatchSize = 16;

    /// <param name="crops">uint8 [N, C, S, S] held-out crops, S a multiple of the model's scale (<see cref="SuperResolutionHeldOutCrops"/>).</param>
    /// <returns>"psnr", "ssim", "bicubic_psnr", "bicubic_ssim", "crops", "scale", "crop_size"; the comparison sheet
    /// rows are input (nearest-upscaled to size) | bicubic | model | ground truth.</returns>
    public static ImageToImageEvaluation Evaluate(ISuperResolver model, Tensor crops, CancellationToken cancellationToken)
    {
        var scale = model.Scale;
        var count = (int)crops.shape[0];
        if (count == 0 || crops.shape[2] % scale != 0 || crops.shape[3] % scale != 0)
            throw new ArgumentException($"Expected at least one crop with sides a multiple of {scale}, got [{string.Join(", ", crops.shape)}].", nameof(crops));
        var modelScores = new PerImageScores();
        var bicubicScores = new PerImageScores();
        byte[]? comparison = null;
        for (var start = 0; start < count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var highResolution = crops.narrow(0, start, Math.Min(BatchSize, count - start)).to_type(ScalarType.Float32).div(255f);
            var lowResolution = BicubicResampling.Downscale(highResolution, scale);
            var upscaled = model.SuperResolve(lowResolution);
            var bicubic = BicubicResampling.Upscale(lowResolution, scale);
            var target = SuperResolutionEvaluation.Measured(highResolution, scale);
            modelScores.Add(SuperResolutionEvaluation.Measured(upscaled, scale), target);
            bicubicScores.Add(SuperResolutionEvaluation.Measured(bicubic, scale), target);
            comparison ??= Comparison(lowResolution, bicubic, upscaled, highResolution, scale);
        }

        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [CropsName] = count,
            [ScaleName] = scale,
            [CropSizeName] = crops.shape[2],
        };
        modelScores.AddTo(figures, "");
        bicubicScores.AddTo(figures, SuperResolutionEvaluation.BicubicPrefix);
        return new ImageToImageEvaluation(figures, comparison!);
    }

    private static byte[] Comparison(Tensor lowResolution, Tensor bicubic, Tensor upscaled, Tensor highResolution, int scale)
    {
        using var scope = NewDisposeScope();
        var rows = Math.Min(ComparisonSheet.Rows, (int)lowResolution.shape[0]);
        Tensor First(Tensor images) => images.narrow(0, 0, rows);
        // Nearest-neighbour, so the input's pixels show as they are.
        var input = First(lowResolution).repeat_interleave(scale, 2).repeat_interleave(scale, 3);
        return ComparisonSheet.Encode(input, First(bicubic), First(upscaled), First(highResolution));
    }

    /// <summary>Per-image PSNRs (identical pairs, +∞, left out) and SSIMs, gathered batch by batch.</summary>
    private sealed class PerImageScores
    {
        private static readonly Ssim PaperSsim = new();
        private readonly List<double> psnrs = [];
        private readonly List<double> ssims = [];

        public void Add(Tensor predictions, Tensor targets)
        {
            psnrs.AddRange(Psnr.PerImage(predictions, targets).Where(double.IsFinite));
            if (predictions.shape[2] >= PaperSsim.WindowSize && predictions.shape[3] >= PaperSsim.WindowSize)
                ssims.AddRange(PaperSsim.PerImage(predictions, targets));
        }

        public void AddTo(Dictionary<string, double> figures, string prefix)
        {
            if (psnrs.Count > 0)
                figures[prefix + ImagePairMetrics.PsnrName] = psnrs.Average();
            if (ssims.Count > 0)
                figures[prefix + ImagePairMetrics.SsimName] = ssims.Average();
        }
    }
}
