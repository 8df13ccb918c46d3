using System.Diagnostics;
using System.Globalization;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Imaging;
using GenService.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>sr-quality</c> command: the lecture's table (Ledig et al. 2017, table 2: bicubic, SRResNet, SRGAN at ×4)
/// reproduced on the held-out Debian photos. Each family trains with the defaults a user who sets nothing gets,
/// in-process with the service's own trainer, then upscales the held-out photos (their centre 1024×1024 pixels at most, downscaled
/// ×4 bicubically first), and reports PSNR and SSIM on the luma channel without a 4-pixel border, as the paper does, averaged over
/// the photos; beside them the Fréchet distance of 48×48 patches of the outputs to patches of the originals on a
/// feature network trained on the training photos' crops (the stand-in for VGG19 that SRGAN's content loss uses),
/// a perceptual figure: lower is closer to real texture, where PSNR rewards the blur of an average.
/// The sharpness column is the mean luma gradient magnitude of the outputs over the originals' (the same border
/// removed): 1 is as sharp as the photos, the blur of an average falls below it.
/// Usage: sr-quality [--steps-scale 1] [--only srresnet,srgan] [--seed 1] [--output tests/GenService.Benchmarks/results]
///        [--skimage DIR] [--wallpapers DIR] (where the two packages' photos are; a missing folder is skipped)
///        [--set name=value ...] (a hyperparameter other than its default, for both families)
/// Trains on the first CUDA device when there is one.
/// </summary>
public static class SuperResolutionQualityBenchmark
{
    public const string Command = "sr-quality";

    /// <summary>The default crop size, so the patch figure compares what the models learnt on.</summary>
    private const int PatchSize = 48;

    /// <summary>Feature network steps for the patch figure: SRGAN's own default.</summary>
    private const int FeatureSteps = 300;

    /// <summary>Side of each photo's centre crop in the comparison figure, high resolution.</summary>
    private const int FigureCropSize = 128;

    public static void Run(IReadOnlyList<string> args, TorchRuntimeInfo runtime)
    {
        var stepsScale = double.Parse(Option(args, "--steps-scale") ?? "1", CultureInfo.InvariantCulture);
        var only = (Option(args, "--only") ?? "srresnet,srgan").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var seed = long.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var output = Option(args, "--output") ?? Path.Combine("tests", "GenService.Benchmarks", "results");
        var skimage = Option(args, "--skimage") ?? DebianPhotos.DefaultSkimageDirectory;
        var wallpapers = Option(args, "--wallpapers") ?? DebianPhotos.DefaultWallpapersDirectory;
        var settings = Settings(args);
        var device = cuda.is_available() ? CUDA : CPU;
        Directory.CreateDirectory(output);
        Console.WriteLine(BenchmarkProgram.Machine(runtime));
        Console.WriteLine($"Settings: {Command} --steps-scale {stepsScale.ToString(CultureInfo.InvariantCulture)} --only {string.Join(',', only)} --seed {seed}{string.Concat(settings.Select(s => $" --set {s.Key}={s.Value}"))}");

        // The service's own import: POST /v1/datasets/photos stores the same photos at the same limit.
        using var photos = DebianPhotos.Read(skimage, wallpapers, maxPixels: 4_000_000);
        var (train, heldOut) = photos.Split();
        if (train is null || heldOut is null)
            throw new InvalidOperationException("No held-out or no training photo: install python3-skimage (and plasma-workspace-wallpapers).");
        using (train)
        using (heldOut)
        {
            Console.WriteLine($"Photos: {train.Count} training, {heldOut.Count} held out ({string.Join(", ", heldOut.Photos.Select(p => $"{p.Name} {p.Width}x{p.Height}"))})");
            const int scale = 4;
            using var originals = new HeldOutOriginals(heldOut, scale);
            using var patchNetwork = new PatchFeatureNetwork(TrainPatchNetwork(train, heldOut, seed, device), device);
            using var originalPatchFeatures = patchNetwork.Features(HeldOutOriginals.PatchGrid(originals.HighResolution));
            var figureColumns = new List<Tensor>();
            string Measure(string method, Func<Tensor, Tensor> upscale, string training)
            {
                var (psnrs, ssim, sharpness, outputs) = originals.Score(upscale);
                var psnr = psnrs.Average();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {method} PSNR per held-out photo: {string.Join(", ", heldOut.Photos.Zip(psnrs, (photo, value) => $"{photo.Name} {value:F2}"))}"));
                try
                {
                    using var patches = HeldOutOriginals.PatchGrid(outputs);
                    var frechet = patchNetwork.Distance(patches, originalPatchFeatures);
                    figureColumns.Add(HeldOutOriginals.CentreCrops(outputs, FigureCropSize));
                    return string.Create(CultureInfo.InvariantCulture, $"| {method} | {psnr:F2} | {ssim:F4} | {sharpness:F3} | {frechet:F3} | {training}");
                }
                finally
                {
                    outputs.ForEach(output => output.Dispose());
                }
            }

            var rows = new List<string> { Measure("bicubic", images => BicubicResampling.Upscale(images, scale), "| | |") };
            Console.WriteLine(rows[^1]);
            foreach (var family in only.Select(Family))
            {
                var (model, training) = Train(family, train, heldOut, seed, stepsScale, settings, device);
                using (model)
                    rows.Add(Measure(family.Architecture, ((ISuperResolver)model).SuperResolve, training));
                Console.WriteLine(rows[^1]);
            }
            figureColumns.Add(HeldOutOriginals.CentreCrops(originals.HighResolution, FigureCropSize));

            Console.WriteLine();
            Console.WriteLine("| method | PSNR (dB) | SSIM | sharpness | patch FD | training | crops/s | in-run PSNR / SSIM (64 held-out crops) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
            rows.ForEach(Console.WriteLine);
            var figure = Path.Combine(output, "sr-quality-held-out.png");
            File.WriteAllBytes(figure, ImageCodec.Encode(Figure(figureColumns), ImageFormat.Png));
            figureColumns.ForEach(column => column.Dispose());
            Console.WriteLine($"Figure (columns: bicubic, {string.Join(", ", only)}, original; the centre of each held-out photo): {figure}");
        }
    }

    /// <returns>The trained model, and the row's training columns: time, crops per second, the run's own held-out figures.</returns>
    private static (IGenerativeModel Model, string Training) Train(
        IModelFamily family, PhotoSet train, PhotoSet heldOut, long seed, double stepsScale,
        IReadOnlyDictionary<string, string> settings, Device device)
    {
        var defaults = Hyperparameters.Validate(family.Hyperparameters, null, out _);
        var steps = Scaled(defaults.GetInt(SuperResolutionHyperparameters.StepsName), stepsScale);
        var overrides = settings.ToDictionary(setting => setting.Key, setting => Setting(setting.Value));
        overrides[SuperResolutionHyperparameters.StepsName] = System.Text.Json.JsonSerializer.SerializeToElement(steps);
        if (family.Hyperparameters.Any(spec => spec.Name == SrganHyperparameters.PretrainStepsName))
            overrides[SrganHyperparameters.PretrainStepsName] = System.Text.Json.JsonSerializer.SerializeToElement(
                Scaled(defaults.GetInt(SrganHyperparameters.PretrainStepsName), stepsScale));
        var hyperparameters = Hyperparameters.Validate(family.Hyperparameters, overrides, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));

        var watch = Stopwatch.StartNew();
        using var trainer = family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, seed));
        for (long step = 0; step < steps; step++)
        {
            trainer.Step(step);
            if ((step + 1) % 5000 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {family.Architecture}: step {step + 1} of {steps}, {watch.Elapsed.TotalMinutes:F1} min"));
        }
        watch.Stop();
        var inRun = trainer.Evaluate();
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            var crops = steps * (long)hyperparameters.GetInt(SuperResolutionHyperparameters.BatchSizeName);
            return (family.LoadModel(path, device), string.Create(CultureInfo.InvariantCulture,
                $"{watch.Elapsed.TotalMinutes:F1} min | {crops / watch.Elapsed.TotalSeconds:F0} | {inRun[ImagePairMetrics.PsnrName]:F2} / {inRun[ImagePairMetrics.SsimName]:F4} (bicubic {inRun[SuperResolutionEvaluation.BicubicPsnrName]:F2} / {inRun[SuperResolutionEvaluation.BicubicSsimName]:F4}) |"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static FeatureNetwork TrainPatchNetwork(PhotoSet train, PhotoSet heldOut, long seed, Device device) =>
        ContentFeatureNetwork.Train(new SuperResolutionCrops(train, heldOut, scale: 4, requestedSize: PatchSize, device), FeatureSteps, device, seed);

    private static IModelFamily Family(string architecture) => architecture switch
    {
        "srresnet" => new SrResNetFamily(),
        "srgan" => new SrganFamily(),
        _ => throw new ArgumentException($"Unknown super-resolution family '{architecture}': srresnet or srgan."),
    };

    /// <summary>Every <c>--set name=value</c>, in order.</summary>
    private static Dictionary<string, string> Settings(IReadOnlyList<string> args) =>
        args.Zip(args.Skip(1)).Where(pair => pair.First == "--set").Select(pair => pair.Second.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length == 2 ? parts[1]
                : throw new ArgumentException($"--set {parts[0]}: give it as name=value."));

    /// <summary>A number as a number, anything else (the scale's "x2") as a string.</summary>
    private static System.Text.Json.JsonElement Setting(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? System.Text.Json.JsonSerializer.SerializeToElement(number)
            : System.Text.Json.JsonSerializer.SerializeToElement(value);

    private static int Scaled(int steps, double scale) => Math.Max(1, (int)Math.Round(steps * scale));

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    /// <summary>Rows: one crop per held-out photo; columns: the methods, 2 white pixels apart.</summary>
    private static Tensor Figure(IReadOnlyList<Tensor> columns)
    {
        using var scope = NewDisposeScope();
        var gap = ones([columns[0].shape[0], 3, FigureCropSize, 2]);
        var rows = cat([.. columns.SelectMany((column, i) => i == 0 ? [column] : new[] { gap, column })], 3);   // [P, 3, S, width]
        var rowGap = ones([rows.shape[0], 3, 2, rows.shape[3]]);
        return cat([.. Enumerable.Range(0, (int)rows.shape[0]).SelectMany(i => new[] { rows[i].unsqueeze(0), rowGap[i].unsqueeze(0) })], 2)[0]
            .MoveToOuterDisposeScope();
    }

    /// <summary>The held-out photos, cropped to a multiple of the scale and to their centre
    /// <see cref="MaximumSide"/> pixels, and their bicubic downscales: the inputs.</summary>
    private sealed class HeldOutOriginals : IDisposable
    {
        /// <summary>The wallpapers are 4-megapixel photos; their centres keep a 2-core run's evaluation to minutes
        /// and are still larger than the paper's BSD100 images (481×321).</summary>
        private const int MaximumSide = 1024;

        private readonly List<Tensor> lowResolution;
        private readonly int scale;

        public HeldOutOriginals(PhotoSet heldOut, int scale)
        {
            this.scale = scale;
            HighResolution = [.. heldOut.Photos.Select(photo => Centre(photo.Pixels.unsqueeze(0), Side(photo.Height), Side(photo.Width))
                .to_type(ScalarType.Float32).div(255f))];
            lowResolution = [.. HighResolution.Select(image => BicubicResampling.Downscale(image, scale))];
        }

        /// <summary>Each photo [1, 3, H, W] in [0, 1].</summary>
        public List<Tensor> HighResolution { get; }

        /// <returns>Each photo's PSNR, the mean SSIM and sharpness over the photos (luma, border of the scale), and
        /// each photo's 8-bit output (as a PNG would hold it), which the caller disposes.</returns>
        public (List<double> Psnrs, double Ssim, double Sharpness, List<Tensor> Outputs) Score(Func<Tensor, Tensor> upscale)
        {
            using var noGrad = no_grad();
            var psnrs = new List<double>();
            var ssims = new List<double>();
            var sharpnesses = new List<double>();
            var outputs = new List<Tensor>();
            for (var i = 0; i < HighResolution.Count; i++)
            {
                using var scope = NewDisposeScope();
                var output = upscale(lowResolution[i]);
                var scores = SuperResolutionEvaluation.Compare(_ => output, new CropPair(lowResolution[i], HighResolution[i]), scale);
                psnrs.Add(scores[ImagePairMetrics.PsnrName]);
                ssims.Add(scores[ImagePairMetrics.SsimName]);
                var quantised = BicubicResampling.Quantise(output);
                sharpnesses.Add(GradientMagnitude(quantised) / GradientMagnitude(HighResolution[i]));
                outputs.Add(quantised.MoveToOuterDisposeScope());
            }
            return (psnrs, ssims.Average(), sharpnesses.Average(), outputs);
        }

        /// <summary>The mean magnitude of the luma's forward differences, without a border of the scale's width.</summary>
        private double GradientMagnitude(Tensor image)
        {
            using var scope = NewDisposeScope();
            var luma = Luma.Of(image);
            luma = luma.narrow(2, scale, luma.shape[2] - 2 * scale).narrow(3, scale, luma.shape[3] - 2 * scale);
            var across = luma.narrow(3, 1, luma.shape[3] - 1) - luma.narrow(3, 0, luma.shape[3] - 1);
            var down = luma.narrow(2, 1, luma.shape[2] - 1) - luma.narrow(2, 0, luma.shape[2] - 1);
            var magnitude = (across.narrow(2, 0, across.shape[2] - 1).square() + down.narrow(3, 0, down.shape[3] - 1).square()).sqrt();
            return magnitude.mean().item<float>();
        }

        public void Dispose()
        {
            HighResolution.ForEach(image => image.Dispose());
            lowResolution.ForEach(image => image.Dispose());
        }

        /// <returns>The centre <paramref name="size"/> pixels of each image, [P, 3, size, size].</returns>
        public static Tensor CentreCrops(IReadOnlyList<Tensor> images, int size) => cat([.. images.Select(image => Centre(image, size, size))], 0);

        /// <param name="image">[1, C, H, W]</param>
        private static Tensor Centre(Tensor image, long height, long width) =>
            image.narrow(2, (image.shape[2] - height) / 2, height).narrow(3, (image.shape[3] - width) / 2, width);

        private int Side(int length)
        {
            var side = Math.Min(length, MaximumSide);
            return side - side % scale;
        }

        /// <summary>Every whole <see cref="PatchSize"/> patch of a non-overlapping grid over each image, [N, 3, P, P].</summary>
        public static Tensor PatchGrid(IReadOnlyList<Tensor> images)
        {
            using var scope = NewDisposeScope();
            var patches = images.Select(image => image
                .narrow(2, 0, image.shape[2] - image.shape[2] % PatchSize)
                .narrow(3, 0, image.shape[3] - image.shape[3] % PatchSize)
                .unfold(2, PatchSize, PatchSize).unfold(3, PatchSize, PatchSize)   // [1, C, rows, columns, P, P]
                .permute(0, 2, 3, 1, 4, 5).reshape(-1, image.shape[1], PatchSize, PatchSize));
            return cat(patches.ToList(), 0).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The stand-in feature network as a patch embedding: the mean of its last feature maps, as FD uses.</summary>
    private sealed class PatchFeatureNetwork(FeatureNetwork network, Device device) : IDisposable
    {
        private const int Batch = 256;

        /// <param name="patches">[N, 3, P, P] in [0, 1]</param>
        /// <returns>[N, D] on the CPU</returns>
        public Tensor Features(Tensor patches)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            network.eval();
            var features = new List<Tensor>();
            for (long start = 0; start < patches.shape[0]; start += Batch)
                features.Add(network.Features(patches.narrow(0, start, Math.Min(Batch, patches.shape[0] - start)).to(device)).cpu());
            return cat(features, 0).MoveToOuterDisposeScope();
        }

        public double Distance(Tensor patches, Tensor referenceFeatures)
        {
            using var features = Features(patches);
            return FrechetDistance.Compute(features, referenceFeatures);
        }

        public void Dispose() => network.Dispose();
    }
}
