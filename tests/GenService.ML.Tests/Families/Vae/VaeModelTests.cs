using GenService.ML.Families;
using GenService.ML.Families.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

/// <summary>Inference through the family's own export and load, as the service uses it.</summary>
public sealed class VaeModelTests : IDisposable
{
    private static readonly ImageShape Shape = new(1, 28, 28);
    private readonly string directory = Directory.CreateTempSubdirectory("vae-model-tests").FullName;
    private readonly VaeFamily family = new();

    public VaeModelTests() => _ = TestTorch.Runtime;

    [Fact]
    public void ExportedModelLoadsAndSamplesLikeTheTrainer()
    {
        using var run = TinyVaeRun.Noise(Shape);
        using var trainer = new VaeTrainer(run.Setup);
        trainer.Step(0);
        var first = Export(trainer, "first.vae");
        var second = Export(trainer, "second.vae");
        using var a = (VaeModel)family.LoadModel(first, CPU);
        using var b = (VaeModel)family.LoadModel(second, CPU);
        using var scope = NewDisposeScope();

        Assert.Equal("vae", a.Architecture);
        Assert.Equal(Shape, a.OutputShape);
        Assert.True(TensorComparison.Identical(a.Sample([1, 2, 3]), b.Sample([1, 2, 3])));
    }

    [Fact]
    public void AModelFileOfFormatTwoLoadsAndSamplesItsDecoderAtStandardNormalLatents()
    {
        // Format 2: the header without the decoder variance, the weights, nothing after them.
        var architecture = new VaeArchitecture(Shape, LatentDim: 4, BaseChannels: 4, MinDecoderStd: 0.2, DecoderVariance.PerPixel);
        using var network = new VaeNetwork(architecture);
        using (var generator = new Generator(2))
            network.ResetParameters(generator);
        var path = Path.Combine(directory, "format-2.vae");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            ModelFileHeader.Write(writer, VaeTrainer.ModelMagic, 2, Shape);
            writer.Write(architecture.LatentDim);
            writer.Write(architecture.BaseChannels);
            writer.Write(architecture.MinDecoderStd);
            network.save(writer);
        }

        using var model = (VaeModel)family.LoadModel(path, CPU);
        using var scope = NewDisposeScope();
        network.eval();
        using var noGrad = no_grad();
        var expected = network.Decode(SeededNoise.Latents([1, 2, 3], architecture.LatentDim)).Mean;

        Assert.True(TensorComparison.Identical(expected, model.Sample([1, 2, 3])));
    }

    [Fact]
    public void ByDefaultSamplesDrawFromTheFittedMixtureAndOnRequestFromTheStandardNormal()
    {
        using var mixtureRun = TinyVaeRun.Noise(Shape);
        using var normalRun = TinyVaeRun.Noise(Shape, overrides: new Dictionary<string, double> { [VaeHyperparameters.PriorName] = (int)LatentPrior.StandardNormal });
        using var mixtureTrainer = new VaeTrainer(mixtureRun.Setup);
        using var normalTrainer = new VaeTrainer(normalRun.Setup);
        mixtureTrainer.Step(0);
        normalTrainer.Step(0);
        using var mixture = (VaeModel)family.LoadModel(Export(mixtureTrainer, "mixture.vae"), CPU);
        using var normal = (VaeModel)family.LoadModel(Export(normalTrainer, "normal.vae"), CPU);
        using var scope = NewDisposeScope();

        using (no_grad())
            Assert.True(TensorComparison.Identical(normalTrainer.Preview([1, 2, 3]), normal.Sample([1, 2, 3])));
        Assert.False(TensorComparison.Close(mixture.Sample([1, 2, 3]), normal.Sample([1, 2, 3])));
        Assert.True(TensorComparison.Identical(mixture.Sample([1, 2, 3]), ((VaeModel)family.LoadModel(Export(mixtureTrainer, "again.vae"), CPU)).Sample([1, 2, 3])));
    }

    [Fact]
    public void SamplesAreFloatImagesOnTheCpuInTheUnitRange()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        var samples = model.Sample([4, 8]);

        Assert.Equal(Shape.AsBatch(2), samples.shape);
        Assert.Equal(ScalarType.Float32, samples.dtype);
        Assert.Equal(DeviceType.CPU, samples.device_type);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
        Assert.Equal(Shape.AsBatch(0), model.Sample([]).shape);
    }

    [Fact]
    public void SameSeedGivesTheSameImageInAnyBatch()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        var alone = model.Sample([5]);
        var again = model.Sample([5]);
        var inBatch = model.Sample([1, 5, 9]);
        var other = model.Sample([6]);

        Assert.True(TensorComparison.Identical(alone, again));
        Assert.True(TensorComparison.Close(alone[0], inBatch[1]));
        Assert.False(TensorComparison.Identical(alone, other));
    }

    [Fact]
    public void AnImageIsTheSameBytesAloneAndInABatchOfSevenAtTheMicroBatch()
    {
        using var model = TrainedModel();

        SameBytesInAnyBatch.Assert(model);
    }

    /// <summary>What the service's batching relies on: across batch sizes an image moves by an ulp
    /// (see <see cref="TensorComparison.BatchTolerance"/>), but at one fixed size it is bitwise the
    /// same at any position and beside any other seeds.</summary>
    [Fact]
    public void AtAFixedBatchSizeAnImageDependsOnlyOnItsSeed()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        const int size = 8;

        var reference = model.Sample(Enumerable.Repeat(5L, size).ToList())[0];
        for (var position = 0; position < size; position++)
        {
            var seeds = Enumerable.Range(0, size).Select(i => i == position ? 5L : 100L + 7 * i + position).ToList();
            Assert.True(TensorComparison.Identical(reference, model.Sample(seeds)[position]), $"position {position}");
        }
    }

    [Fact]
    public void ParameterBytesAreFourBytesPerWeight()
    {
        var network = new VaeNetwork(new VaeArchitecture(Shape, LatentDim: 4, BaseChannels: 4, MinDecoderStd: 0.2, DecoderVariance.Shared));
        var weights = network.parameters().Concat(network.buffers()).Sum(tensor => tensor.numel());
        using var model = new VaeModel(network, null, CPU);

        Assert.True(weights > 0);
        Assert.Equal(weights * sizeof(float), model.ParameterBytes);
    }

    [Fact]
    public void InterpolationStartsAndEndsAtTheSeedsSamples()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        var frames = model.Interpolate(3, 11, steps: 7, InterpolationPath.Spherical);

        Assert.Equal(Shape.AsBatch(7), frames.shape);
        Assert.True(TensorComparison.Close(frames[0], model.Sample([3])[0]));
        Assert.True(TensorComparison.Close(frames[6], model.Sample([11])[0]));
        Assert.False(TensorComparison.Identical(frames[3], frames[0]));
        Assert.True(TensorComparison.Identical(model.Interpolate(3, 11, steps: 1, InterpolationPath.Spherical), model.Sample([3])));
        Assert.True(TensorComparison.Identical(model.Interpolate(3, 11, steps: 2, InterpolationPath.Spherical)[1], model.Interpolate(5, 11, steps: 2, InterpolationPath.Spherical)[1]));
    }

    [Fact]
    public void ReconstructionHasTheImagesShape()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        var images = rand(Shape.AsBatch(3));

        var reconstructions = model.Reconstruct(images);

        Assert.Equal(Shape.AsBatch(3), reconstructions.shape);
        Assert.Equal(DeviceType.CPU, reconstructions.device_type);
        Assert.True(reconstructions.ge(0).all().item<bool>() && reconstructions.le(1).all().item<bool>());
        Assert.Throws<ArgumentException>(() => model.Reconstruct(rand(3, 3, 28, 28)));
    }

    [Fact]
    public void LoadingACheckpointAsAModelIsRefused()
    {
        using var run = TinyVaeRun.Noise(Shape);
        using var trainer = new VaeTrainer(run.Setup);
        var path = Path.Combine(directory, "step.ckpt");
        using (var stream = File.Create(path))
            trainer.SaveCheckpoint(stream);

        Assert.Throws<InvalidDataException>(() => family.LoadModel(path, CPU));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, true)]
    [InlineData(ScalarType.Float32, true)]
    public void ReducedPrecisionStillGivesFloatImagesCloseToFloat32(ScalarType dataType, bool channelsLast)
    {
        // The service applies precision on CUDA only; the conversion itself is the same on the CPU.
        using var reference = TrainedModel();
        using var reduced = TrainedModel();
        reduced.UsePrecision(new InferencePrecision(dataType, channelsLast));
        using var scope = NewDisposeScope();

        var expected = reference.Sample([1, 2, 3]);
        var actual = reduced.Sample([1, 2, 3]);
        var reconstructed = reduced.Reconstruct(expected);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.Equal(ScalarType.Float32, reconstructed.dtype);
        var error = (actual - expected).abs().max().item<float>();
        Assert.True(error < (dataType == ScalarType.Float32 ? 1e-5f : 0.03f), $"max |error| {error}");
    }

    [Fact]
    public void ChannelsLastKeepsValuesAndStoresChannelsInnermost()
    {
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 4, 5);

        var laidOut = InferencePrecision.ToChannelsLast(images);

        Assert.True(TensorComparison.Identical(images, laidOut));
        Assert.Equal([60L, 1L, 15L, 3L], laidOut.stride());
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private VaeModel TrainedModel()
    {
        using var run = TinyVaeRun.Noise(Shape);
        using var trainer = new VaeTrainer(run.Setup);
        for (var step = 0; step < 3; step++)
            trainer.Step(step);
        return (VaeModel)family.LoadModel(Export(trainer, "model.vae"), CPU);
    }

    private string Export(VaeTrainer trainer, string name)
    {
        var path = Path.Combine(directory, name);
        using var stream = File.Create(path);
        trainer.ExportModel(stream);
        return path;
    }
}
