using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Pix2Pix;

/// <summary>Inference through the family's own export and load, as the service uses it.</summary>
public sealed class Pix2PixModelTests : IDisposable
{
    private const int Size = 32;
    private static readonly long[] Seeds = [11, 5, 23, 7, 9, 1000, 3];
    private readonly string directory = Directory.CreateTempSubdirectory("pix2pix-model-tests").FullName;
    private readonly Pix2PixFamily family = new();

    public Pix2PixModelTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_exported_model_translates_what_the_trainer_previews()
    {
        using var run = TinyPix2Pix.Run();
        using var trainer = new Pix2PixTrainer(run.Setup);
        trainer.Step(0);
        trainer.Step(1);
        using var model = (Pix2PixModel)family.LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);                      // input | translation | target
        var translations = model.Translate(preview.narrow(3, 0, Size), [0, 1, 2]);

        Assert.Equal("pix2pix", model.Architecture);
        Assert.Equal(new ImageShape(1, Size, Size), model.InputShape);
        Assert.Equal(new ImageShape(1, Size, Size), model.OutputShape);
        Assert.True(TensorComparison.Identical(preview.narrow(3, Size, Size), translations));
    }

    [Fact]
    public void The_same_input_and_seed_give_the_same_bytes_alone_and_in_any_batch()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        var inputs = Inputs(Seeds.Length);
        var reversedInputs = inputs.flip(0);

        var batch = Quantise(FixedShapeBatches.Translate(model, inputs, Seeds, SameBytesInAnyBatch.MicroBatch));
        var reversed = Quantise(FixedShapeBatches.Translate(model, reversedInputs, [.. Seeds.Reverse()], SameBytesInAnyBatch.MicroBatch));

        for (var i = 0; i < Seeds.Length; i++)
        {
            var alone = Quantise(FixedShapeBatches.Translate(model, inputs.narrow(0, i, 1), [Seeds[i]], SameBytesInAnyBatch.MicroBatch))[0];
            Assert.True(TensorComparison.Identical(alone, batch[i]), $"seed {Seeds[i]} alone and at position {i} of 7");
            Assert.True(TensorComparison.Identical(alone, reversed[Seeds.Length - 1 - i]), $"seed {Seeds[i]} alone and at position {Seeds.Length - 1 - i} of 7");
        }
    }

    [Fact]
    public void Different_seeds_give_the_same_input_different_translations()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        var input = Inputs(1).expand(2, 1, Size, Size);

        var outputs = model.Translate(input, [1, 2]);

        Assert.Equal([2L, 1, Size, Size], outputs.shape);
        Assert.Equal(ScalarType.Float32, outputs.dtype);
        Assert.True(outputs.ge(0).all().item<bool>() && outputs.le(1).all().item<bool>());
        Assert.False(TensorComparison.Identical(outputs[0], outputs[1]));
    }

    [Fact]
    public void Inputs_of_another_shape_or_a_seed_count_that_does_not_match_are_refused()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => model.Translate(zeros(2, 3, Size, Size), [1, 2]));
        Assert.Throws<ArgumentException>(() => model.Translate(zeros(2, 1, Size, Size), [1]));
        Assert.Equal([0L, 1, Size, Size], model.Translate(zeros(0, 1, Size, Size), []).shape);
    }

    [Fact]
    public void A_file_of_another_family_is_refused()
    {
        var path = Path.Combine(directory, "other.model");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.ThrowsAny<Exception>(() => family.LoadModel(path, CPU));
    }

    [Fact]
    public void The_family_checks_datasets_and_names_its_output_size()
    {
        Assert.Null(family.CheckDataset(new ImageShape(1, 28, 28)));
        Assert.NotNull(family.CheckDataset(new ImageShape(3, 300, 300)));
        Assert.Equal(new ImageShape(1, 32, 32), family.OutputShape(new ImageShape(1, 28, 28)));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private Pix2PixModel TrainedModel()
    {
        using var run = TinyPix2Pix.Run();
        using var trainer = new Pix2PixTrainer(run.Setup);
        trainer.Step(0);
        return (Pix2PixModel)family.LoadModel(Export(trainer), CPU);
    }

    private string Export(Pix2PixTrainer trainer)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, TrainerBytes.Export(trainer));
        return path;
    }

    /// <returns>[count, 1, 32, 32] in [0, 1]: distinct smooth images.</returns>
    private static Tensor Inputs(int count)
    {
        using var generator = new TorchSharp.torch.Generator(17);
        return nn.functional.interpolate(rand([count, 1, 4, 4], generator: generator), size: [Size, Size], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>As a PNG stores an image.</summary>
    private static Tensor Quantise(Tensor images) => images.mul(255).round().to_type(ScalarType.Byte);
}
