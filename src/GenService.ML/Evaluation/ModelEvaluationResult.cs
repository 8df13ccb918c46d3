namespace GenService.ML.Evaluation;

/// <summary>What the evaluation of one model found.</summary>
/// <param name="SampleCount">Images in each compared set.</param>
/// <param name="Model">The model's samples against the training images.</param>
/// <param name="Floor">Held-out real images against the training images, resized to the model's output size and back as
/// its samples are: the best a model can hope for.</param>
/// <param name="Ceiling">The same model before training (step 0) against the training images: where it started.</param>
/// <param name="FeatureThreshold">Median distance of a held-out image (through the floor's round trip) to its nearest training
/// image, in features.</param>
/// <param name="PixelThreshold">The same in pixel space ([0, 1] pixel values).</param>
/// <param name="Reconstruction">PSNR and SSIM of reconstructed held-out images, for models that reconstruct.</param>
public sealed record ModelEvaluationResult(
    int SampleCount,
    SampleSetScores Model,
    SampleSetScores Floor,
    SampleSetScores Ceiling,
    double FeatureThreshold,
    double PixelThreshold,
    ImagePairScores? Reconstruction);
