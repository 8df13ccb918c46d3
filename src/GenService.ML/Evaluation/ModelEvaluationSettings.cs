namespace GenService.ML.Evaluation;

/// <summary>How a model is evaluated.</summary>
/// <param name="SampleCount">Images in each compared set (training reference, held-out, generated, untrained),
/// at most the held-out split. FID-style numbers fall as this grows, so only compare evaluations of equal counts.</param>
/// <param name="KidSubsets">Random subset pairs KID averages over: 100, as StyleGAN2-ADA's metric code.</param>
/// <param name="KidSubsetSize">Images per KID subset, at most half the sample count: StyleGAN2-ADA uses 1000
/// of 50,000; subsets of (nearly) the whole set would all be the same computation.</param>
/// <param name="BootstrapReplicates">Replicates of the bootstrap that gives the standard errors of the Fréchet distance and KID.</param>
/// <param name="PrecisionRecallK">Neighbourhood of the k-NN manifolds: Kynkäänniemi et al.'s 3.</param>
/// <param name="Seed">Picks the training and held-out images compared, the KID subsets and the bootstrap's draws. Generated images
/// always come from seeds 0 to SampleCount − 1.</param>
public sealed record ModelEvaluationSettings(
    int SampleCount = 1000,
    int KidSubsets = 100,
    int KidSubsetSize = 500,
    int PrecisionRecallK = 3,
    long Seed = 0,
    int BootstrapReplicates = 100);
