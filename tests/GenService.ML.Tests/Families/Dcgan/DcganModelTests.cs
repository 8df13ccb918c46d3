using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Dcgan;

/// <summary>Inference through the family's own export and load, as the service uses it.</summary>
public sealed class DcganModelTests : IDisposable
{
    private static readonly ImageShape Shape = new(3, 32, 32);
    private readonly string directory = Directory.CreateTempSubdirectory("dcgan-model-tests").FullName;
    private readonly DcganFamily family = new();

    public DcganModelTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_exported_model_samples_what_the_trainer_previews()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, Shape);
        using var trainer = new DcganTrainer(run.Setup);
        trainer.Step(0);
        trainer.Step(1);
        using var model = (DcganModel)family.LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();

        Assert.Equal("dcgan", model.Architecture);
        Assert.Equal(Shape, model.OutputShape);
        Assert.True(TensorComparison.Identical(trainer.Preview([1, 2, 3]), model.Sample([1, 2, 3])));
    }

    [Fact]
    public void Samples_are_float_images_on_the_cpu_in_the_unit_range()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        var samples = model.Sample([4, 8]);

        Assert.Equal(Shape.AsBatch(2), samples.shape);
        Assert.Equal(ScalarType.Float32, samples.dtype);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
        Assert.Equal(Shape.AsBatch(0), model.Sample([]).shape);
    }

    [Fact]
    public void An_image_is_the_same_bytes_alone_and_in_a_batch_of_seven()
    {
        using var model = TrainedModel();

        SameBytesInAnyBatch.Assert(model);
    }

    [Fact]
    public void Interpolation_starts_and_ends_at_the_seeds_samples()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        var frames = model.Interpolate(3, 11, steps: 5, InterpolationPath.Spherical);

        Assert.Equal(Shape.AsBatch(5), frames.shape);
        Assert.True(TensorComparison.Close(frames[0], model.Sample([3])[0]));
        Assert.True(TensorComparison.Close(frames[4], model.Sample([11])[0]));
        Assert.False(TensorComparison.Identical(frames[2], frames[0]));
    }

    [Fact]
    public void Parameter_bytes_count_the_generator_only()
    {
        var architecture = new DcganArchitecture(Shape, LatentDim: 8, BaseChannels: 4, CriticNormalisation.BatchNorm);
        var generator = new DcganGenerator(architecture);
        var weights = generator.parameters().Concat(generator.buffers()).Sum(tensor => tensor.numel() * tensor.ElementSize);
        using var model = new DcganModel(generator, CPU);

        Assert.Equal(weights, model.ParameterBytes);
    }

    [Fact]
    public void Loading_a_checkpoint_as_a_model_is_refused()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, Shape);
        using var trainer = new DcganTrainer(run.Setup);
        var path = Path.Combine(directory, "step.ckpt");
        File.WriteAllBytes(path, TrainerBytes.Checkpoint(trainer));

        Assert.Throws<InvalidDataException>(() => family.LoadModel(path, CPU));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, true)]
    [InlineData(ScalarType.Float32, true)]
    public void Reduced_precision_still_gives_float_images_close_to_float32(ScalarType dataType, bool channelsLast)
    {
        // The service applies precision on CUDA only; the conversion itself is the same on the CPU.
        using var reference = TrainedModel();
        using var reduced = TrainedModel();
        reduced.UsePrecision(new InferencePrecision(dataType, channelsLast));
        using var scope = NewDisposeScope();

        var expected = reference.Sample([1, 2, 3]);
        var actual = reduced.Sample([1, 2, 3]);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        var error = (actual - expected).abs().max().item<float>();
        Assert.True(error < (dataType == ScalarType.Float32 ? 1e-5f : 0.05f), $"max |error| {error}");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>8-bit pixels, as the service encodes them.</summary>
    private DcganModel TrainedModel()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, Shape);
        using var trainer = new DcganTrainer(run.Setup);
        for (var step = 0; step < 3; step++)
            trainer.Step(step);
        return (DcganModel)family.LoadModel(Export(trainer), CPU);
    }

    private string Export(DcganTrainer trainer)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, TrainerBytes.Export(trainer));
        return path;
    }
}
