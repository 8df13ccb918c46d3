using GenService.ML.Datasets.Captions;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// How well a text-to-image model (textgan) draws what held-out captions say, as Reed et al. 2016 and StackGAN judge
/// prompt following on labelled data: the share of images drawn from held-out captions that the dataset's classifier
/// (its feature network, trained on the dataset's classes) assigns to the class of the image the caption describes,
/// next to the same share of the real held-out images (the ceiling) and of images drawn from another held-out image's
/// caption (the floor: what a model that ignores the text reaches by chance); the Fréchet distance of the drawn
/// images to the real held-out ones on that network; the same class share of drawings of each image's caption in a
/// phrasing no training caption uses (built-in captions have one), so a model that learnt only the training wordings
/// shows apart; and, for the built-in captions, which name attributes measured
/// from the pixels (light or dark, plain or patterned, wide or narrow), the share of drawings that have each attribute
/// their caption names, measured with the caption writer's own code and thresholds, with the same ceiling and floor;
/// and a retrieval score in the model's own joint embedding, next to the real images'.
/// </summary>
public static class TextToImageEvaluator
{
    public const string CaptionsName = "captions";
    public const string ClassRateName = "class_rate";
    public const string FrechetDistanceName = "frechet_distance";

    /// <summary>The share of attribute mentions, all attributes pooled, whose drawing has the attribute.</summary>
    public const string AttributeRateName = "attribute_rate";

    /// <summary>Prefix of one attribute's share, followed by the attribute's word ("attribute_rate_dark").</summary>
    public const string AttributeRatePrefix = AttributeRateName + "_";

    /// <summary>Prefix of how many captions name an attribute, followed by its word ("attribute_captions_dark").</summary>
    public const string AttributeCaptionsPrefix = "attribute_captions_";

    /// <summary>The share of drawings whose own caption scores highest in the joint embedding among the candidates: the
    /// caption and up to <see cref="RetrievalOthers"/> other held-out captions worded otherwise.</summary>
    public const string RetrievalTop1Name = "retrieval_top1";

    /// <summary>The candidates a drawing is ranked among, on average: chance is one over it.</summary>
    public const string RetrievalCandidatesName = "retrieval_candidates";

    /// <summary>Other captions each drawing is ranked against: the next held-out ones whose text differs from its own and from each other's.</summary>
    public const int RetrievalOthers = 9;

    /// <summary>Prefix of the ceiling: the real held-out images classified.</summary>
    public const string RealPrefix = "real_";

    /// <summary>Prefix of the floor: images drawn from the next held-out image's caption, scored against this image's class.</summary>
    public const string ShuffledPrefix = "shuffled_";

    /// <summary>Prefix of stage I's class rate ("stage1_class_rate"): the other figures are stage II's, what the route
    /// draws by default, but stage I is trained first and a stage II that has not caught up shows apart from it.</summary>
    public const string StageOnePrefix = "stage1_";

    /// <summary>Prefix of the class rate of the held-out images' captions in a phrasing no training caption uses
    /// ("unseen_phrasing_class_rate"): the ceiling and floor are the class rate's, of the same images and classes.</summary>
    public const string UnseenPhrasingPrefix = "unseen_phrasing_";

    private const int BatchSize = 32;

    /// <param name="heldOut">The run's held-out captioned images, labelled with their classes.</param>
    /// <param name="classifier">The dataset's feature network, trained on its classes.</param>
    /// <param name="count">Held-out images measured, the first ones (fewer if there are fewer); image i is drawn from its
    /// first caption with seed i at stage II, as the text-to-image route draws that prompt and seed.</param>
    /// <returns>"captions", "class_rate", its "real_" ceiling and "shuffled_" floor, and "frechet_distance" (two images or
    /// more), "stage1_class_rate" of the same captions and seeds drawn at stage I; where every measured image has a caption
    /// in an unseen phrasing (the built-in captions, not uploads), "unseen_phrasing_class_rate" of its first one drawn with
    /// the same seed at stage II; where the held-out set has the caption writer's attribute thresholds and a caption names an attribute,
    /// "attribute_rate" and per named attribute "attribute_rate_WORD" and "attribute_captions_WORD", the rates with their
    /// ceiling and floor; for a model that holds its image encoder, "retrieval_top1" with its "real_" ceiling and
    /// "retrieval_candidates" (two images or more). The comparison sheet's rows are real image | drawn from its caption | drawn from the next image's caption.</returns>
    /// <exception cref="ArgumentException">No held-out image, or held-out images without classes.</exception>
    public static ImageToImageEvaluation Evaluate(
        ITextToImageGenerator generator, CaptionSet heldOut, FeatureExtractor classifier, int count, CancellationToken cancellationToken)
    {
        if (heldOut.Count == 0)
            throw new ArgumentException("The text-to-image evaluation needs at least one held-out captioned image.", nameof(heldOut));
        if (heldOut.Images.Labels is null)
            throw new ArgumentException("The held-out images have no classes: the evaluation scores the class a caption names.", nameof(heldOut));
        var images = (int)Math.Min(count, heldOut.Count);
        var captions = Enumerable.Range(0, images).Select(i => heldOut.Items[i].Captions[0]).ToList();
        // The next image's caption: a fixed derangement (of two or more), so the floor is the same at every evaluation.
        var shuffled = Enumerable.Range(0, images).Select(i => captions[(i + 1) % images]).ToList();
        var unseen = heldOut.Items.Take(images).All(item => item.UnseenPhrasings.Count > 0)
            ? Enumerable.Range(0, images).Select(i => heldOut.Items[i].UnseenPhrasings[0]).ToList()
            : null;

        using var scope = NewDisposeScope();
        var labels = heldOut.Images.Labels.narrow(0, 0, images).to(CPU);
        var real = heldOut.Images.Images.narrow(0, 0, images).to(CPU);
        var drawn = Draw(generator, captions, TextToImageStage.II, cancellationToken);
        var drawnShuffled = Draw(generator, shuffled, TextToImageStage.II, cancellationToken);

        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [CaptionsName] = images,
            [ClassRateName] = ClassRate(classifier, drawn, labels),
            [RealPrefix + ClassRateName] = ClassRate(classifier, real, labels),
            [ShuffledPrefix + ClassRateName] = ClassRate(classifier, drawnShuffled, labels),
            [StageOnePrefix + ClassRateName] = ClassRate(classifier, Draw(generator, captions, TextToImageStage.I, cancellationToken), labels),
        };
        if (unseen is not null)
            figures[UnseenPhrasingPrefix + ClassRateName] = ClassRate(classifier, Draw(generator, unseen, TextToImageStage.II, cancellationToken), labels);
        if (images >= 2)
            figures[FrechetDistanceName] = FrechetDistance.Compute(Features(classifier, drawn), Features(classifier, real));
        if (images >= 2 && Retrieval(generator, captions, drawn) is { } retrieval)
        {
            figures[RetrievalTop1Name] = retrieval.Top1;
            figures[RetrievalCandidatesName] = retrieval.Candidates;
            figures[RealPrefix + RetrievalTop1Name] = Retrieval(generator, captions, real)!.Value.Top1;
        }
        if (heldOut.AttributeThresholds is { } thresholds)
        {
            var datasetShape = heldOut.Images.Shape;
            // Real images take the drawings' round trip (to stage II's size and back), so the ceiling shows what resizing loses.
            var roundTrip = SampleImages.ToShape(SampleImages.ToShape(real, generator.StageShape(TextToImageStage.II)), datasetShape);
            var named = FashionMnistCaptionWriter.Measure(real).Select((measures, i) => thresholds.AttributesOf(measures, labels[i].item<long>())).ToList();
            AddAttributeRates(figures, "", thresholds, named, SampleImages.ToShape(drawn, datasetShape), labels);
            AddAttributeRates(figures, RealPrefix, thresholds, named, roundTrip, labels);
            AddAttributeRates(figures, ShuffledPrefix, thresholds, named, SampleImages.ToShape(drawnShuffled, datasetShape), labels);
        }

        var stageShape = generator.StageShape(TextToImageStage.II);
        var rows = Math.Min(ComparisonSheet.Rows, images);
        Tensor Shown(Tensor shown) => SampleImages.ToShape(shown.narrow(0, 0, rows), stageShape).to_type(ScalarType.Float32).div(255f);
        return new ImageToImageEvaluation(figures, ComparisonSheet.Encode(Shown(real), Shown(drawn), Shown(drawnShuffled)));
    }

    /// <summary>Prompt i with seed i at the stage, quantised as a PNG would store it: the drawings <see cref="Evaluate"/> scores.</summary>
    /// <returns>uint8 [N, C, H, W] on the CPU.</returns>
    public static Tensor Draw(ITextToImageGenerator generator, IReadOnlyList<string> prompts, TextToImageStage stage, CancellationToken cancellationToken)
    {
        var batches = new List<Tensor>();
        for (var start = 0; start < prompts.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var size = Math.Min(BatchSize, prompts.Count - start);
            var seeds = Enumerable.Range(start, size).Select(i => (long)i).ToList();
            batches.Add(SampleImages.Quantise(generator.Generate(prompts.Skip(start).Take(size).ToList(), seeds, stage)).MoveToOuterDisposeScope());
        }
        return cat(batches, 0);
    }

    /// <summary>Retrieval top-1 in the model's joint embedding: image i against caption i and the next held-out captions
    /// of other texts (<see cref="RetrievalOthers"/> at most); null when the model holds no image encoder.</summary>
    /// <param name="images">uint8 [N, C, H, W], image i for caption i, at any size: resized to stage I's.</param>
    private static (double Top1, double Candidates)? Retrieval(ITextToImageGenerator generator, IReadOnlyList<string> captions, Tensor images)
    {
        using var scope = NewDisposeScope();
        if (generator.Embed(SampleImages.ToShape(images, generator.StageShape(TextToImageStage.I)), captions) is not var (embedded, texts))
            return null;
        var scores = embedded.matmul(texts.t()).to_type(ScalarType.Float64).data<double>().ToArray();   // image i, caption j
        var count = captions.Count;
        var (hits, candidates) = (0, 0);
        for (var i = 0; i < count; i++)
        {
            var others = OtherCaptions(captions, i);
            var own = scores[(i * count) + i];
            hits += others.All(j => scores[(i * count) + j] < own) ? 1 : 0;
            candidates += 1 + others.Count;
        }
        return ((double)hits / count, (double)candidates / count);
    }

    /// <summary>The next captions after <paramref name="position"/> (wrapping) whose texts differ from its own and from each other's.</summary>
    private static List<int> OtherCaptions(IReadOnlyList<string> captions, int position)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { captions[position] };
        var others = new List<int>(RetrievalOthers);
        for (var step = 1; step < captions.Count && others.Count < RetrievalOthers; step++)
        {
            var j = (position + step) % captions.Count;
            if (seen.Add(captions[j]))
                others.Add(j);
        }
        return others;
    }

    /// <summary>Of the attributes each caption names (those of its real image), the share its drawing has too, measured
    /// against the thresholds of the caption's class, per attribute and pooled; nothing when no caption names one.</summary>
    /// <param name="images">uint8 [N, C, H, W] at the dataset's size, image i drawn for caption i.</param>
    private static void AddAttributeRates(
        Dictionary<string, double> figures, string prefix, FashionAttributeThresholds thresholds,
        IReadOnlyList<IReadOnlyList<GarmentAttribute>> named, Tensor images, Tensor labels)
    {
        var has = FashionMnistCaptionWriter.Measure(images).Select((measures, i) => thresholds.AttributesOf(measures, labels[i].item<long>())).ToList();
        var mentions = named.SelectMany((attributes, i) => attributes.Select(attribute => (Attribute: attribute, Has: has[i].Contains(attribute)))).ToList();
        if (mentions.Count == 0)
            return;
        figures[prefix + AttributeRateName] = mentions.Average(mention => mention.Has ? 1.0 : 0.0);
        foreach (var attribute in mentions.GroupBy(mention => mention.Attribute))
        {
            var word = FashionCaptionTemplates.Word(attribute.Key);
            figures[prefix + AttributeRatePrefix + word] = attribute.Average(mention => mention.Has ? 1.0 : 0.0);
            figures[AttributeCaptionsPrefix + word] = attribute.Count();
        }
    }

    /// <returns>The share of the images the classifier assigns their label.</returns>
    private static double ClassRate(FeatureExtractor classifier, Tensor images, Tensor labels) =>
        classifier.Classify(SampleImages.ToShape(images, classifier.InputShape)).eq(labels).to_type(ScalarType.Float64).mean().item<double>();

    /// <param name="images">uint8 [N, C, H, W], resized to the feature network's shape as a sample is.</param>
    private static Tensor Features(FeatureExtractor features, Tensor images) => features.Extract(SampleImages.ToShape(images, features.InputShape));
}
