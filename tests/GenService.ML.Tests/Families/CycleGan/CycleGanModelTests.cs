using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.CycleGan;

/// <summary>Inference through the family's own export and load, as the service uses it.</summary>
public sealed class CycleGanModelTests : IDisposable
{
    private const int Size = 16;
    private readonly string directory = Directory.CreateTempSubdirectory("cyclegan-model-tests").FullName;
    private readonly CycleGanFamily family = new();

    public CycleGanModelTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_exported_model_translates_both_ways_as_the_trainer_previews()
    {
        using var run = TinyCycleGan.Run();
        using var trainer = new CycleGanTrainer(run.Setup);
        trainer.Step(0);
        trainer.Step(1);
        using var model = (CycleGanModel)family.LoadModel(Export(trainer), CPU);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);                      // a | G_AB(a) | b | G_BA(b)
        var toB = model.Translate(preview.narrow(3, 0, Size), TranslationDirection.AToB, roundTrip: false);
        var toA = model.Translate(preview.narrow(3, 2 * Size, Size), TranslationDirection.BToA, roundTrip: false);

        Assert.Equal("cyclegan", model.Architecture);
        Assert.Equal(new ImageShape(1, Size, Size), model.InputShape);
        Assert.True(TensorComparison.Identical(preview.narrow(3, Size, Size), toB));
        Assert.True(TensorComparison.Identical(preview.narrow(3, 3 * Size, Size), toA));
        Assert.True(TensorComparison.Identical(toB, model.Translate(preview.narrow(3, 0, Size), [5, 6, 7])));    // a to b; seeds unused
    }

    [Fact]
    public void A_round_trip_translates_there_and_back()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        var inputs = rand(3, 1, Size, Size);

        var there = model.Translate(inputs, TranslationDirection.BToA, roundTrip: false);
        var back = model.Translate(there, TranslationDirection.AToB, roundTrip: false);
        var roundTrip = model.Translate(inputs, TranslationDirection.BToA, roundTrip: true);

        // Two calls map to [0, 1] and back between the legs, which rounds differently: compare with a tolerance.
        Assert.True(roundTrip.allclose(back, atol: 1e-4));
        Assert.False(TensorComparison.Identical(there, model.Translate(inputs, TranslationDirection.AToB, roundTrip: false)));
    }

    /// <summary>In passes of one fixed size, as the inference engine runs them: a batch's size changes libtorch's kernels.</summary>
    [Fact]
    public void The_same_input_gives_the_same_bytes_alone_and_in_a_batch()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();
        var inputs = rand(5, 1, Size, Size);
        Tensor RoundTrips(Tensor images) =>
            FixedShapeBatches.Map(images, SameBytesInAnyBatch.MicroBatch, batch => model.Translate(batch, TranslationDirection.AToB, roundTrip: true));

        var batch = RoundTrips(inputs);

        for (var i = 0; i < 5; i++)
            Assert.True(TensorComparison.Identical(RoundTrips(inputs.narrow(0, i, 1)), batch.narrow(0, i, 1)));
    }

    [Fact]
    public void Inputs_of_another_shape_are_refused()
    {
        using var model = TrainedModel();
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => model.Translate(rand(1, 3, Size, Size), TranslationDirection.AToB, roundTrip: false));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private CycleGanModel TrainedModel()
    {
        using var run = TinyCycleGan.Run();
        using var trainer = new CycleGanTrainer(run.Setup);
        trainer.Step(0);
        return (CycleGanModel)family.LoadModel(Export(trainer), CPU);
    }

    private string Export(CycleGanTrainer trainer)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.model");
        using var stream = File.Create(path);
        trainer.ExportModel(stream);
        return path;
    }
}
