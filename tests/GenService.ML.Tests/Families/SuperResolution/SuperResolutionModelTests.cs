using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

/// <summary>Inference through the families' own export and load, as the service uses them.</summary>
public sealed class SuperResolutionModelTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("superres-model-tests").FullName;

    public SuperResolutionModelTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_exported_model_super_resolves_as_the_trainer_previews()
    {
        using var run = TinySuperResolution.SrResNet();
        using var trainer = new SrResNetTrainer(run.Setup);
        trainer.Step(0);
        trainer.Step(1);
        using var model = (SuperResolutionModel)new SrResNetFamily().LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();
        var crops = new SuperResolutionCrops(run.Train, run.Validation, scale: 2, requestedSize: 16, CPU).Preview([1, 2, 3]);

        var previewed = trainer.Preview([1, 2, 3]).narrow(3, 16 + GeneratorTraining.PreviewGap, 16);
        var superResolved = model.SuperResolve(crops.LowResolution);

        Assert.Equal("srresnet", model.Architecture);
        Assert.Equal(2, model.Scale);
        Assert.Equal(TinySuperResolution.Shape, model.OutputShape);
        Assert.True(TensorComparison.Close(previewed, superResolved), "one image alone and in a batch of three differ by float rounding only");
    }

    [Fact]
    public void Any_input_size_is_upscaled_to_float_images_in_the_unit_range_tiled_as_a_whole()
    {
        using var run = TinySuperResolution.Srgan(new Dictionary<string, object> { [SrganHyperparameters.ContentLossName] = "pixels" });
        using var trainer = new SrganTrainer(run.Setup);
        trainer.Step(0);
        trainer.Step(1);
        using var model = (SuperResolutionModel)new SrganFamily().LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();
        // Larger than a tile (128 input pixels), so it is upscaled in several.
        var image = rand(1, 3, 150, 41);

        var upscaled = model.SuperResolve(image);

        Assert.Equal("srgan", model.Architecture);
        Assert.Equal([1L, 3, 300, 82], upscaled.shape);
        Assert.Equal(ScalarType.Float32, upscaled.dtype);
        Assert.True(upscaled.ge(0).all().item<bool>() && upscaled.le(1).all().item<bool>());
        Assert.Equal([0L, 3, 8, 10], model.SuperResolve(zeros(0, 3, 4, 5)).shape);
    }

    [Fact]
    public void Images_of_the_wrong_channel_count_are_refused()
    {
        using var run = TinySuperResolution.SrResNet();
        using var trainer = new SrResNetTrainer(run.Setup);
        using var model = (SuperResolutionModel)new SrResNetFamily().LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => model.SuperResolve(rand(1, 1, 8, 8)));
    }

    [Fact]
    public void Loading_a_checkpoint_as_a_model_is_refused()
    {
        using var run = TinySuperResolution.SrResNet();
        using var trainer = new SrResNetTrainer(run.Setup);
        var path = Path.Combine(directory, "step.ckpt");
        File.WriteAllBytes(path, TrainerBytes.Checkpoint(trainer));

        Assert.Throws<InvalidDataException>(() => new SrResNetFamily().LoadModel(path, CPU));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Export(ITrainer trainer)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, TrainerBytes.Export(trainer));
        return path;
    }
}
