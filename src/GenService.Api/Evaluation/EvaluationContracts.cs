using System.ComponentModel;

namespace GenService.Api.Evaluation;

public sealed record EvaluationRequest(
    [property: Description("Checkpoint step to evaluate; default the newest (the final model). GET /v1/models/{id}/checkpoints lists them.")] long? Step = null,
    [property: Description("Images in each compared set, 10 to 10000; default Evaluation:SampleCount (1000). At most the held-out split is used. For super-resolution: held-out crops (photos give several each); for translation: held-out pairs; for trajectory forecasting: held-out windows.")] int? SampleCount = null);

public sealed record EvaluationResponse(
    Guid Id,
    Guid ModelId,
    [property: Description("Training step of the checkpoint evaluated.")] long Step,
    [property: Description("Queued, Running, Succeeded or Failed.")] string Status,
    [property: Description("Training (automatic, when the run succeeded) or Request.")] string Trigger,
    int RequestedSampleCount,
    [property: Description("The dataset feature network whose features the figures are computed on; figures are comparable only between evaluations on the same one.")] FeatureNetworkSummary? FeatureNetwork,
    [property: Description("Label-map fidelity only: the dataset's segmentation network that segmented the renderings (task \"segmentation\", heldOutAccuracy its pixel accuracy on the maps it held out); trained once per dataset and version and shared by every model and evaluation of the dataset, so their mIoUs compare when it is the same one. Null otherwise.")] FeatureNetworkSummary? SegmentationNetwork,
    [property: Description("A sampler's figures, once its evaluation succeeded; null for other models.")] EvaluationResults? Results,
    [property: Description("A super-resolution model's figures, once its evaluation succeeded; null for other models.")] SuperResolutionResults? SuperResolution,
    [property: Description("An image translator's figures, once its evaluation succeeded; null for other models.")] TranslationResults? Translation,
    [property: Description("A two-way translator's figures (CycleGAN), once its evaluation succeeded; null for other models.")] CycleTranslationResults? CycleTranslation,
    [property: Description("A label-map renderer's figures (SPADE, or pix2pix trained on label maps), once its evaluation succeeded; null for other models.")] LabelMapFidelityResults? LabelMapFidelity,
    [property: Description("A text-to-image model's figures (textgan), once its evaluation succeeded; null for other models.")] TextToImageResults? TextToImage,
    [property: Description("A trajectory forecaster's figures (Social GAN), once its evaluation succeeded; null for other models.")] TrajectoryForecastingResults? TrajectoryForecasting,
    [property: Description("PNG of held-out examples side by side, once an image-to-image evaluation succeeded: rows of input | bicubic | model | ground truth (super-resolution), input | output | target (translation), a | G_AB(a) | G_BA(G_AB(a)) then b | G_BA(b) | G_AB(G_BA(b)) (cycle translation), map painted in the classes' colours | rendering | real image (label-map fidelity), or real image | drawn from its caption | drawn from the next image's caption (text to image). Null otherwise.")] string? ComparisonUrl,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

public sealed record EvaluationResults(
    [property: Description("Images in each compared set.")] int SampleCount,
    [property: Description("The model's samples (seeds 0 to sampleCount − 1) against real training images.")] SampleSetResponse Model,
    [property: Description("Real held-out images against real training images, measured the same way: what a perfect model would score.")] SampleSetResponse Floor,
    [property: Description("The same model untrained (its family's trainer at step 0, with its hyperparameters and seed): where it started.")] SampleSetResponse Ceiling,
    [property: Description("Median distance of a held-out image to its nearest training image, in features; the held-out images take the floor's resize round trip.")] double TypicalFeatureDistance,
    [property: Description("The same in pixels (Euclidean, pixel values in [0, 1]).")] double TypicalPixelDistance,
    [property: Description("For models that reconstruct (VAE): PSNR and SSIM of their reconstructions of held-out images.")] ReconstructionResponse? Reconstruction);

public sealed record SuperResolutionResults(
    [property: Description("Held-out crops measured: the centre crop of each held-out image, or several crops spread evenly over each held-out photo; the same crops at every evaluation.")] int CropCount,
    [property: Description("The model's factor: each crop is bicubically downscaled by it and upscaled back.")] int Scale,
    [property: Description("Side of the crops in pixels: 96 (SRGAN's), or less for smaller images.")] int CropSize,
    [property: Description("Mean PSNR in dB of the model's output, on the 8-bit luma (Y) channel with a border of scale pixels removed, as SR papers report; null when all are exact.")] double? Psnr,
    [property: Description("Mean SSIM, measured the same way; null when the measured crops are under SSIM's 11-pixel window.")] double? Ssim,
    [property: Description("The same PSNR of bicubic upscaling: the baseline the model has to beat.")] double? BicubicPsnr,
    [property: Description("The same SSIM of bicubic upscaling.")] double? BicubicSsim);

public sealed record TranslationResults(
    [property: Description("Held-out pairs measured, the first ones (pair i translated with seed i).")] int PairCount,
    [property: Description("The model's outputs against the held-out targets.")] TranslationScoresResponse Model,
    [property: Description("The inputs themselves against the targets (broadcast to the target's channels): the baseline a model has to beat. Null when the input cannot stand for the target (RGB input, one-channel target).")] TranslationScoresResponse? Input);

public sealed record CycleTranslationResults(
    [property: Description("Held-out images of domain A translated, the first ones of the run's held-out split.")] int ImagesA,
    [property: Description("Held-out images of domain B translated.")] int ImagesB,
    [property: Description("Share of the translations G_AB(a) that the dataset's classifier (its feature network, trained on the dataset's classes) assigns to domain B's label.")] double TargetRateAToB,
    [property: Description("The same share of the untranslated images a: the identity mapping, the floor a model has to beat.")] double IdentityTargetRateAToB,
    [property: Description("Share of the translations G_BA(b) the classifier assigns to domain A's label.")] double TargetRateBToA,
    [property: Description("The same share of the untranslated images b: the identity mapping's floor.")] double IdentityTargetRateBToA,
    [property: Description("Mean PSNR in dB of the round trips G_BA(G_AB(a)) against a, over the images that differ (the identity mapping's would be infinite); null when all are exact.")] double? CyclePsnrA,
    [property: Description("Mean PSNR in dB of G_AB(G_BA(b)) against b.")] double? CyclePsnrB);

public sealed record LabelMapFidelityResults(
    [property: Description("Held-out label maps rendered, the first ones of the run's held-out split (map i in seed i's random style, or painted and translated with seed i).")] int MapCount,
    [property: Description("Mean over the classes present of the IoU between a segmentation network's maps of the renderings and the input maps (the SPADE paper's mIoU); the network is the dataset's (segmentationNetwork). Higher is better.")] double MeanIou,
    [property: Description("Share of the counted pixels (all but \"don't care\") whose class the network recovers from the renderings.")] double PixelAccuracy,
    [property: Description("The same mIoU of the network on the real held-out images: the ceiling a renderer can reach with this network.")] double RealMeanIou,
    [property: Description("The same pixel accuracy on the real held-out images.")] double RealPixelAccuracy,
    [property: Description("FID-style Fréchet distance between the features of the renderings and of the real held-out images of the same maps, on the dataset's feature network (featureNetwork). Lower is better. Null for fewer than 2 maps, and for evaluations stored before it was measured.")] double? FrechetDistance,
    [property: Description("The same distance of as many real training images to the real held-out images: the floor a renderer can reach on this network with this many images.")] double? RealFrechetDistance);

public sealed record TextToImageResults(
    [property: Description("Held-out captioned images measured, the first ones of the run's held-out split; image i is drawn at stage II from its first caption with seed i.")] int CaptionCount,
    [property: Description("Share of the images drawn from the captions that the dataset's classifier (its feature network, trained on the dataset's classes) assigns to the class of the image the caption describes. Higher is better.")] double ClassRate,
    [property: Description("The same share of the real held-out images: the ceiling with this classifier.")] double RealClassRate,
    [property: Description("The same share of images drawn from the next held-out image's caption, scored against this image's class: the floor, what ignoring the text reaches by chance.")] double ShuffledClassRate,
    [property: Description("The same share of the captions drawn at stage I with the same seeds: stage I trains first, so a stage II that has not caught up shows as a classRate under it. Null for evaluations stored before it was measured.")] double? StageOneClassRate,
    [property: Description("The same share of each image's caption in a phrasing no training caption uses (the built-in captions write one an image), drawn at stage II with the same seeds; realClassRate and shuffledClassRate are its ceiling and floor too. Null where the captions have no such phrasing (uploads), and for evaluations stored before it was measured.")] double? UnseenPhrasingClassRate,
    [property: Description("FID-style Fréchet distance between the features of the drawn images and of the real held-out images, on the dataset's feature network (featureNetwork). Lower is better. Null for fewer than 2 captions.")] double? FrechetDistance,
    [property: Description("Of the attributes the captions name (the built-in Fashion-MNIST captions: light or dark, plain or patterned, wide or narrow, measured from the pixels of the image they describe), the share whose drawing has the attribute, measured with the caption writer's code and thresholds at the dataset's size; all attributes pooled. Null for captions that name no measured attribute (uploads), and for evaluations stored before it was measured.")] double? AttributeRate,
    [property: Description("The same share of the real held-out images after the drawings' round trip (to stage II's size and back): the ceiling.")] double? RealAttributeRate,
    [property: Description("The same share of images drawn from the next held-out image's caption, scored against this caption's attributes: the floor.")] double? ShuffledAttributeRate,
    [property: Description("The attribute shares one attribute at a time, for each attribute some caption names; empty where attributeRate is null.")] IReadOnlyList<TextToImageAttributeRate> Attributes,
    [property: Description("Retrieval top-1: the share of drawings that the model's joint embedding (the text encoder and the image encoder it was trained against) scores nearer their own caption than every other candidate, the next held-out captions of other texts (up to 9). Higher is better. Null for fewer than 2 captions, for models stored before the image encoder was kept, and for evaluations stored before it was measured.")] double? RetrievalTop1,
    [property: Description("The same share of the real held-out images: the ceiling with this embedding.")] double? RealRetrievalTop1,
    [property: Description("Candidates a drawing is ranked among, on average (its caption included): chance is one over it.")] double? RetrievalCandidates);

public sealed record TextToImageAttributeRate(
    [property: Description("The attribute as captions word it: light, dark, plain, patterned, wide or narrow.")] string Attribute,
    [property: Description("Captions measured that name it.")] int CaptionCount,
    [property: Description("Share of their drawings that have it. Higher is better.")] double Rate,
    [property: Description("Share of their real images, after the drawings' round trip: the ceiling.")] double RealRate,
    [property: Description("Share of drawings of the next held-out image's caption: the floor.")] double ShuffledRate);
public sealed record TrajectoryForecastingResults(
    [property: Description("Held-out windows measured (obs_len + pred_len consecutive frames of a scene, one starting at every frame, with the people seen in all of them): the first ones, at most sampleCount; window i forecast with seed i.")] int WindowCount,
    [property: Description("The dataset's split the windows come from: test (its test/ scenes) when it has any, else val.")] string Split,
    [property: Description("Forecasts drawn per window: the errors are the best of them, per scene, as Gupta et al. report.")] int Samples,
    [property: Description("The model's best-of-samples errors.")] ForecastScoresResponse Model,
    [property: Description("Everyone keeps their last observed step's displacement, measured the same way (one forecast).")] ForecastScoresResponse ConstantVelocity,
    [property: Description("x and y each fitted by least squares as a straight line in time over the observed steps and extended (Gupta et al.'s linear baseline), measured the same way.")] ForecastScoresResponse Linear,
    [property: Description("Metres between two people of a window at the same step below which they collide.")] double CollisionThreshold,
    [property: Description("Share of the forecast person-futures (every sample, every person) that collide with another person of the same sample.")] double CollisionRate,
    [property: Description("The same share of the true futures: the data's own rate.")] double TruthCollisionRate);

public sealed record ForecastScoresResponse(
    [property: Description("Average displacement error: mean distance in metres from the true positions over people and predicted steps. Lower is better.")] double Ade,
    [property: Description("Final displacement error: mean distance in metres from the true position at the last predicted step.")] double Fde);

public sealed record TranslationScoresResponse(
    [property: Description("Mean absolute difference per pixel, values in [0, 1]. Lower is better.")] double? L1,
    [property: Description("Mean PSNR in dB of the pairs that differ, on all channels.")] double? Psnr,
    [property: Description("Mean SSIM; null for images under 11 pixels.")] double? Ssim,
    [property: Description("FID-style Fréchet distance between the features of these images and of the targets, on the dataset's feature network. Null when the dataset has none (uploaded pairs datasets have no feature network) or fewer than 2 pairs.")] double? FrechetDistance);

public sealed record SampleSetResponse(
    [property: Description("FID-style: FID's Fréchet distance, but on the dataset's own feature network instead of Inception-v3, so not comparable with published FIDs. Lower is better.")] double FrechetDistance,
    [property: Description("Standard error of frechetDistance: the standard deviation of a bootstrap over both image sets (each drawn again with replacement, the distance recomputed). Null for evaluations stored before it was measured.")] double? FrechetDistanceStandardError,
    [property: Description("KID on the same features (unbiased squared MMD, cubic kernel); about 0 when the distributions match.")] double Kid,
    [property: Description("Standard error of kid, from the same bootstrap. Evaluations without frechetDistanceStandardError stored the spread of subsets of the same images instead, which is several times too small.")] double KidStandardError,
    [property: Description("Share of these images inside the training images' k-NN manifold: fidelity.")] double Precision,
    [property: Description("Share of training images inside these images' k-NN manifold: coverage.")] double Recall,
    [property: Description("Share of these images closer (in features) to some training image than the median held-out image is (through the floor's round trip): about 0.5 for new real images, near 1 when the model copies its training set.")] double ShareCloserInFeatures,
    [property: Description("The same in pixel space.")] double ShareCloserInPixels);

public sealed record ReconstructionResponse(
    [property: Description("Mean PSNR in dB of the pairs that differ; null when all are exact.")] double? Psnr,
    [property: Description("Mean SSIM (Wang et al., 2004); null for images under 11 pixels.")] double? Ssim,
    [property: Description("Reconstructions that are exact (PSNR +∞), left out of the PSNR mean.")] int IdenticalPairs);

public sealed record FeatureNetworkSummary(Guid Id, int Version, string Task, double? HeldOutAccuracy);

public sealed record FeatureNetworkResponse(
    Guid Id,
    Guid DatasetId,
    [property: Description("1 for the dataset's first feature network, counting up; evaluations use the newest Ready one.")] int Version,
    [property: Description("Queued, Training, Ready or Failed.")] string Status,
    [property: Description("classes: trained on the dataset's labels; rotation: self-supervised, predicts which quarter turn an image was given (for unlabelled datasets).")] string Task,
    int Steps,
    long Seed,
    [property: Description("Share of its held-out images it gets right (for rotation: turns told right).")] double? HeldOutAccuracy,
    [property: Description("Length of its feature vectors.")] int? FeatureDimension,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt);

public sealed record MemorisationResponse(
    [property: Description("The seed of the generated image, as POST /v1/models/{id}/samples draws it.")] long Seed,
    int K,
    FeatureNetworkSummary FeatureNetwork,
    [property: Description("The k training images nearest in the feature network's space, nearest first.")] IReadOnlyList<NeighbourResponse> FeatureNeighbours,
    [property: Description("The k training images nearest in pixel space, nearest first.")] IReadOnlyList<NeighbourResponse> PixelNeighbours,
    [property: Description("From the model's newest evaluation on this feature network: a sample much closer than this to a training image is suspicious. Null when it has none.")] double? TypicalFeatureDistance,
    [property: Description("The same in pixel space.")] double? TypicalPixelDistance,
    [property: Description("PNG of the generated image followed by its neighbours: feature-space neighbours in the first row, pixel-space ones in the second.")] string GridUrl);

public sealed record NeighbourResponse(
    [property: Description("Position of the training image in the stored dataset.")] long DatasetIndex,
    [property: Description("Euclidean distance to the generated image (in pixels: values in [0, 1]).")] double Distance);
