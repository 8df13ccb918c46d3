using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.Api.Evaluation;

/// <summary>
/// What evaluating a model on its dataset needs, loaded from storage: the dataset split as the model's run
/// split it, the stored features of its images and the feature network. The caller disposes it.
/// </summary>
public sealed class EvaluationInputs : IDisposable
{
    private readonly DatasetTensors all;
    private readonly Tensor features;

    private EvaluationInputs(DatasetTensors all, Tensor features, Tensor trainIndices, Tensor heldOutIndices, FeatureExtractor extractor)
    {
        this.all = all;
        this.features = features;
        TrainIndices = trainIndices;
        Extractor = extractor;
        Data = new EvaluationData(
            all.Select(trainIndices), all.Select(heldOutIndices), features.index_select(0, trainIndices), features.index_select(0, heldOutIndices));
        heldOutIndices.Dispose();
    }

    public EvaluationData Data { get; }

    /// <summary>The dataset position of each training image: training image i is stored image TrainIndices[i].</summary>
    public Tensor TrainIndices { get; }

    public FeatureExtractor Extractor { get; }

    /// <param name="runSeed">The seed of the model's training run, which chose its split.</param>
    /// <param name="validationFraction">The held-out share the run used (Training:ValidationFraction).</param>
    public static EvaluationInputs Load(DatasetLoader datasets, Dataset dataset, string featureNetworkFolder, long runSeed, double validationFraction, Device device)
    {
        var all = datasets.Load(dataset);
        Tensor? features = null;
        FeatureExtractor? extractor = null;
        try
        {
            features = FeatureFile.Read(Path.Combine(featureNetworkFolder, FeatureNetworkStore.FeaturesFileName));
            if (features.shape[0] != all.Count)
                throw new InvalidDataException($"The feature network's features cover {features.shape[0]} images; the dataset has {all.Count}.");
            extractor = FeatureExtractor.Load(Path.Combine(featureNetworkFolder, FeatureNetworkStore.NetworkFileName), device);
            var (trainIndices, heldOutIndices) = datasets.LoadManifest(dataset).TrainAndHeldOut(validationFraction, runSeed);
            return new EvaluationInputs(all, features, trainIndices, heldOutIndices, extractor);
        }
        catch
        {
            all.Dispose();
            features?.Dispose();
            extractor?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Data.Train.Dispose();
        Data.HeldOut.Dispose();
        Data.TrainFeatures.Dispose();
        Data.HeldOutFeatures.Dispose();
        TrainIndices.Dispose();
        Extractor.Dispose();
        features.Dispose();
        all.Dispose();
    }
}
