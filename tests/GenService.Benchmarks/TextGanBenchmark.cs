using System.Diagnostics;
using System.Globalization;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.TextGan;
using GenService.ML.Imaging;
using TorchSharp;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>textgan</c> command: the text GAN trained on captioned Fashion-MNIST (captions written as the service's
/// built-in import writes them, 5 an image), called directly as the training job calls it, each phase timed apart;
/// then the exported model's stored evaluation (<see cref="TextToImageEvaluator"/>: class and attribute rates of
/// drawings of held-out captions with their ceilings and floors, the class rate of their unseen phrasings, FD) on the
/// shared feature network, where the class rate loses (<see cref="Diagnose"/>), drawing speed at each stage, and grids
/// of prompts: each class, each attribute, phrasings no training caption uses, and misspellings.
/// </summary>
public static class TextGanBenchmark
{
    private const int CaptionsPerImage = FashionMnistCaptionWriter.DefaultCaptionsPerImage;

    /// <summary>Seeds a prompt is drawn with in the grids: one column each.</summary>
    private const int GridSeeds = 8;

    /// <summary>Each class in a training phrasing.</summary>
    private static readonly string[] ClassPrompts =
        ["a t-shirt", "a pair of trousers", "a pullover", "a dress", "a coat", "a sandal", "a shirt", "a sneaker", "a bag", "an ankle boot"];

    /// <summary>Each attribute on two classes, in training phrasings.</summary>
    private static readonly string[] AttributePrompts =
        ["a light coat", "a dark coat", "a plain shirt", "a patterned shirt", "a wide dress", "a narrow dress", "a light sneaker", "a dark sneaker", "a patterned bag", "a plain bag"];

    /// <summary>Phrasings no training caption uses, and misspelled classes (read as unknown tokens but for what remains).</summary>
    private static readonly string[] UnseenPrompts =
        ["a picture showing a dark coat", "this is a light sneaker", "trousers (dark, narrow)", "a bag, light and plain", "a snekaer", "an ankel boot", "a dres", "a cot"];

    public static IEnumerable<Measurement> Run(TextGanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        using var captions = Captioned(fashionMnistDirectory, settings);
        var (trainPositions, heldOutPositions) = captions.SplitIndices(0, settings.Seed);
        using var train = captions.Select(trainPositions);
        using var heldOut = captions.Select(heldOutPositions);
        var family = new TextGanFamily();
        var hyperparameters = FamilyTraining.DefaultsWith(family, new Dictionary<string, object>(settings.Overrides, StringComparer.Ordinal)
        {
            [TextGanHyperparameters.StepsName] = settings.Steps,
        });
        var typed = TextGanHyperparameters.From(hyperparameters);
        var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();

        using var trainer = (TextGanTrainer)family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, settings.Seed));
        foreach (var phase in TimePhases(trainer, typed, settings.StageOneCheckpoint))
            yield return phase;

        using var model = FamilyTraining.Export(trainer, family, device);
        var drawer = (ITextToImageGenerator)model;
        var network = SharedFeatureNetwork.Get(fashionMnistDirectory, settings.FeatureSteps);
        using var classifier = network.Load(device);
        var watch = Stopwatch.StartNew();
        var evaluation = TextToImageEvaluator.Evaluate(drawer, heldOut, classifier, settings.HeldOut, CancellationToken.None);
        yield return new Measurement($"evaluation textToImage ({heldOut.Count} held-out captions, their first phrasing, stage II, stage1_class_rate at stage I, unseen_phrasing_class_rate of their phrasing no training caption uses, drawn with the condition's mean μ)", double.NaN,
            string.Create(CultureInfo.InvariantCulture, $"{Measurement.Format(evaluation.Figures)}; {watch.Elapsed.TotalSeconds:F0} s; {network}"));
        using var sampled = FamilyTraining.Export(trainer, family.Architecture, path => family.LoadModel(path, device, ConditionDraw.Sampled));
        foreach (var diagnosis in Diagnose((TextGanModel)model, sampled, heldOut, classifier, settings.HeldOut))
            yield return diagnosis;
        var sheet = Path.Combine(settings.OutputDirectory, $"textgan-evaluation-{settings.Steps}-steps.png");
        File.WriteAllBytes(sheet, evaluation.ComparisonPng);
        yield return new Measurement("grid: held-out real | drawn from its caption | drawn from the next image's caption (rows)", double.NaN, sheet);

        foreach (var stage in new[] { TextToImageStage.I, TextToImageStage.II })
        {
            var seeds = Enumerable.Range(0, 64).Select(i => (long)i).ToList();
            yield return Measurement.Time($"drawing, stage {stage}: 64 prompts a batch", warmup: 1, rounds: 3, imagesPerRound: seeds.Count,
                () => drawer.Generate([.. seeds.Select(i => ClassPrompts[i % ClassPrompts.Length])], seeds, stage).Dispose());
        }
        foreach (var (name, prompts) in new[] { ("classes", ClassPrompts), ("attributes", AttributePrompts), ("unseen-and-misspelled", UnseenPrompts) })
        {
            var path = Path.Combine(settings.OutputDirectory, $"textgan-prompts-{name}-{settings.Steps}-steps.png");
            WritePromptGrid(drawer, prompts, path);
            yield return new Measurement($"grid: {name}, a prompt a row, seeds 0 to {GridSeeds - 1}", double.NaN, $"{path}: {string.Join(" | ", prompts)}");
        }
    }

    /// <summary>Where a class rate under the ceiling comes from: the classifier on real images taken to each stage's size
    /// and back (what drawing at that size alone loses), the text encoder's class separation (does a held-out caption, or
    /// a held-out image, lie nearest its class's name among the ten class prompts), each class's rate and what it is drawn as
    /// instead (<see cref="Confusions"/>), and the class rates of
    /// <paramref name="sampled"/>: the same weights drawing a sampled condition, as training does, where the model draws its mean.</summary>
    private static IEnumerable<Measurement> Diagnose(TextGanModel model, TextGanModel sampled, CaptionSet heldOut, FeatureExtractor classifier, int count)
    {
        var images = (int)Math.Min(count, heldOut.Count);
        using (var scope = torch.NewDisposeScope())
        {
            var real = heldOut.Images.Images.narrow(0, 0, images).cpu();
            var labels = heldOut.Images.Labels!.narrow(0, 0, images).cpu();
            double Rate(torch.Tensor predicted) => predicted.eq(labels).to_type(torch.ScalarType.Float64).mean().item<double>();
            var atSize = new[] { TextToImageStage.I, TextToImageStage.II }.Select(stage =>
                string.Create(CultureInfo.InvariantCulture, $"stage {stage} size {Rate(classifier.Classify(SampleImages.ToShape(SampleImages.ToShape(real, model.StageShape(stage)), classifier.InputShape))):F3}"));
            yield return new Measurement($"classifier on {images} real held-out images through each stage's size", double.NaN,
                string.Create(CultureInfo.InvariantCulture, $"as stored {Rate(classifier.Classify(SampleImages.ToShape(real, classifier.InputShape))):F3}; {string.Join("; ", atSize)}"));

            var captions = Enumerable.Range(0, images).Select(i => heldOut.Items[i].Captions[0]).ToList();
            var realAtStageOne = SampleImages.ToShape(real, model.StageShape(TextToImageStage.I));
            var (embeddedImages, texts) = model.Embed(realAtStageOne, captions)!.Value;
            var unseen = Enumerable.Range(0, images).Select(i => heldOut.Items[i].UnseenPhrasings[0]).ToList();
            var (_, unseenTexts) = model.Embed(realAtStageOne, unseen)!.Value;
            var (_, classTexts) = model.Embed(realAtStageOne.narrow(0, 0, 1), ClassPrompts)!.Value;
            yield return new Measurement($"text encoder: nearest of the {ClassPrompts.Length} class prompts is the class", double.NaN,
                string.Create(CultureInfo.InvariantCulture,
                    $"held-out captions {Rate(texts.matmul(classTexts.t()).argmax(1)):F3}; their unseen phrasings {Rate(unseenTexts.matmul(classTexts.t()).argmax(1)):F3}; held-out images {Rate(embeddedImages.matmul(classTexts.t()).argmax(1)):F3} ({images} each)"));
            foreach (var confusion in Confusions(model, classifier, real, labels, captions))
                yield return confusion;
        }
        var sampledFigures = TextToImageEvaluator.Evaluate(sampled, heldOut, classifier, count, CancellationToken.None).Figures;
        yield return new Measurement("class rate, drawn with a sampled condition ĉ ~ N(μ, σ²) as in training (the evaluation above draws μ)", double.NaN,
            string.Create(CultureInfo.InvariantCulture,
                $"stage I {sampledFigures[TextToImageEvaluator.StageOnePrefix + TextToImageEvaluator.ClassRateName]:F3}; stage II {sampledFigures[TextToImageEvaluator.ClassRateName]:F3}; unseen phrasings (stage II) {sampledFigures[TextToImageEvaluator.UnseenPhrasingPrefix + TextToImageEvaluator.ClassRateName]:F3}"));
    }

    /// <summary>Per named class, the share of images the classifier gives that class, and the class it gives most often
    /// instead: for the real held-out images, and for drawings of their captions at each stage, drawn as the evaluation
    /// draws them. Shows which classes a class rate loses, and to what.</summary>
    /// <param name="real">uint8 [N, C, H, W] on the CPU, image i described by caption i.</param>
    /// <param name="labels">int64 [N] on the CPU, their classes.</param>
    private static IEnumerable<Measurement> Confusions(TextGanModel model, FeatureExtractor classifier, torch.Tensor real, torch.Tensor labels, IReadOnlyList<string> captions)
    {
        var classes = labels.data<long>().ToArray();
        var sources = new List<(string Name, torch.Tensor Images)> { ("real held-out images", real) };
        foreach (var stage in new[] { TextToImageStage.I, TextToImageStage.II })
            sources.Add(($"drawn at stage {stage}", TextToImageEvaluator.Draw(model, captions, stage, CancellationToken.None)));
        foreach (var (name, source) in sources)
        {
            var predicted = classifier.Classify(SampleImages.ToShape(source, classifier.InputShape)).data<long>().ToArray();
            var rows = Enumerable.Range(0, FashionMnist.ClassNames.Count).Select(named =>
            {
                var given = Enumerable.Range(0, classes.Length).Where(i => classes[i] == named).Select(i => predicted[i]).ToList();
                var right = given.Count(label => label == named) / (double)Math.Max(1, given.Count);
                var wrong = given.Where(label => label != named).GroupBy(label => label).OrderByDescending(group => group.Count()).FirstOrDefault();
                var instead = wrong is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({FashionMnist.ClassNames[(int)wrong.Key]} {wrong.Count() / (double)given.Count:F2})");
                return string.Create(CultureInfo.InvariantCulture, $"{FashionMnist.ClassNames[named]} {right:F2}{instead}");
            });
            yield return new Measurement($"per class, {name}: the share classified as the named class (the most common other class)", double.NaN, string.Join("; ", rows));
        }
    }

    /// <summary>A row a prompt, a column a seed, at stage II.</summary>
    private static void WritePromptGrid(ITextToImageGenerator drawer, IReadOnlyList<string> prompts, string path)
    {
        using var scope = torch.NewDisposeScope();
        var all = prompts.SelectMany(prompt => Enumerable.Repeat(prompt, GridSeeds)).ToList();
        var seeds = prompts.SelectMany(_ => Enumerable.Range(0, GridSeeds).Select(i => (long)i)).ToList();
        var images = drawer.Generate(all, seeds, TextToImageStage.II);
        File.WriteAllBytes(path, ImageCodec.Encode(ImageGrid.Tile(images, columns: GridSeeds), ImageFormat.Png));
    }

    /// <summary>Each phase's steps in turn: wall time, and the process's CPU time (which other processes on a shared
    /// machine do not inflate), with images/s by the wall clock. With <paramref name="stageOneCheckpoint"/> the phases
    /// before stage II are read from it, or written to it once trained.</summary>
    private static IEnumerable<Measurement> TimePhases(TextGanTrainer trainer, TextGanHyperparameters hyperparameters, string? stageOneCheckpoint)
    {
        var phases = new List<(string Name, long Steps)>
        {
            ("text encoder (joint embedding)", hyperparameters.TextEncoderSteps),
            ("stage I", hyperparameters.StageOneSteps),
            ("stage II", hyperparameters.StageTwoSteps),
        };
        var step = 0L;
        var stageTwoStart = hyperparameters.TextEncoderSteps + hyperparameters.StageOneSteps;
        if (stageOneCheckpoint is not null && File.Exists(stageOneCheckpoint))
        {
            using (var file = File.OpenRead(stageOneCheckpoint))
                trainer.LoadCheckpoint(file);
            step = stageTwoStart;
            phases.RemoveRange(0, 2);
            yield return new Measurement($"textgan training, text encoder and stage I: {stageTwoStart} steps read from {stageOneCheckpoint}", double.NaN, "not timed");
        }
        foreach (var (name, steps) in phases)
        {
            if (step == stageTwoStart && stageOneCheckpoint is not null && !File.Exists(stageOneCheckpoint))
            {
                using var file = File.Create(stageOneCheckpoint);
                trainer.SaveCheckpoint(file);
            }
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            IReadOnlyDictionary<string, double> losses = new Dictionary<string, double>();
            for (var end = step + steps; step < end; step++)
                losses = trainer.Step(step);
            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            yield return new Measurement($"textgan training, {name}: {steps} steps", steps * (double)hyperparameters.BatchSize / seconds,
                string.Create(CultureInfo.InvariantCulture,
                    $"{seconds / 60:F1} min wall ({seconds / steps * 1000:F0} ms a step, {60 * steps / seconds:F1} steps a minute); " +
                    $"CPU {cpuSeconds / steps * 1000:F0} ms a step on {Environment.ProcessorCount} cores; last step: {Measurement.Format(losses)}"));
        }
    }

    private static CaptionSet Captioned(string fashionMnistDirectory, TextGanBenchmarkSettings settings)
    {
        using var train = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages);
        using var heldOut = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Test, settings.HeldOut);
        return FashionMnistCaptionWriter.Write(train, heldOut, CaptionsPerImage, unchecked((ulong)settings.Seed));
    }
}
