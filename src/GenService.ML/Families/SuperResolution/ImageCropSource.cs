using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>Crops of a run's images of one size (<see cref="DatasetKind.Images"/>), held out by the run's random split.</summary>
internal sealed class ImageCropSource : ICropSource
{
    private readonly DatasetTensors train;
    private readonly DatasetTensors validation;

    public ImageCropSource(DatasetTensors train, DatasetTensors validation)
    {
        if (train.Count == 0 || validation.Count == 0)
            throw new ArgumentException("Super-resolution needs at least one training and one held-out image.", nameof(train));
        if (validation.Shape != train.Shape)
            throw new ArgumentException($"Held-out images are {validation.Shape}, training images {train.Shape}.", nameof(validation));
        this.train = train;
        this.validation = validation;
    }

    public ImageShape Shape => train.Shape;

    public DatasetTensors RandomTrainingCrops(int count, int size, Generator random)
    {
        using var scope = NewDisposeScope();
        var sources = randint(0, train.Count, [count], dtype: ScalarType.Int64, generator: random);
        var crops = sources.data<long>().ToArray().Select(source =>
        {
            var (top, left) = RandomPosition(size, random);
            return train.Images[source].narrow(1, top, size).narrow(2, left, size).unsqueeze(0);
        }).ToList();
        var labels = train.Labels?.index_select(0, sources).MoveToOuterDisposeScope();
        return new DatasetTensors(cat(crops, 0).MoveToOuterDisposeScope(), labels, train.Classes);
    }

    /// <summary>The centre crops of the first <paramref name="count"/> held-out images: small images have little room for more.</summary>
    public Tensor HeldOutCrops(int count, int size) => SuperResolutionHeldOutCrops.Centres(validation, size, count);

    public Tensor PreviewCrop(long seed, int size)
    {
        using var random = new Generator(unchecked((ulong)seed));
        var (top, left) = RandomPosition(size, random);
        return validation.Images[(long)((ulong)seed % (ulong)validation.Count)].narrow(1, top, size).narrow(2, left, size).unsqueeze(0);
    }

    private (long Top, long Left) RandomPosition(int size, Generator random)
    {
        var top = randint(0, Shape.Height - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        var left = randint(0, Shape.Width - size + 1, [1], dtype: ScalarType.Int64, generator: random).item<long>();
        return (top, left);
    }
}
