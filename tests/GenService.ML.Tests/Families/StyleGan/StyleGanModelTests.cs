using GenService.ML.Families;
using GenService.ML.Families.StyleGan;
using GenService.ML.Tests.Families.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.StyleGan;

/// <summary>Inference through the family's own export and load, as the service uses it.</summary>
public sealed class StyleGanModelTests : IClassFixture<StyleGanModelTests.TrainedModel>
{
    private static readonly ImageShape Shape = new(1, 16, 16);
    private readonly StyleGanModel model;

    public StyleGanModelTests(TrainedModel trained) => model = trained.Model;

    [Fact]
    public void ExportedModelSamplesLikeTheTrainersPreview()
    {
        using var scope = NewDisposeScope();
        using var run = TinyStyleGanRun.Noise(Shape);
        using var trainer = new StyleGanTrainer(run.Setup);
        for (var step = 0; step < 3; step++)
            trainer.Step(step);
        using var loaded = TrainedModel.Export(trainer);

        Assert.Equal("stylegan", loaded.Architecture);
        Assert.Equal(Shape, loaded.OutputShape);
        Assert.True(TensorComparison.Identical(trainer.Preview([1, 2, 3]), loaded.Sample([1, 2, 3])));
        Assert.True(TensorComparison.Identical(trainer.AverageGenerator.Sample([4, 5], 0.5), loaded.Sample([4, 5], 0.5)));
    }

    [Fact]
    public void SamplesAreFloatImagesOnTheCpuInTheUnitRange()
    {
        using var scope = NewDisposeScope();

        var samples = model.Sample([4, 8]);

        Assert.Equal(Shape.AsBatch(2), samples.shape);
        Assert.Equal(ScalarType.Float32, samples.dtype);
        Assert.Equal(DeviceType.CPU, samples.device_type);
        Assert.True(samples.ge(0).all().item<bool>() && samples.le(1).all().item<bool>());
        Assert.Equal(Shape.AsBatch(0), model.Sample([]).shape);
        Assert.Equal(6, model.StyleCount);
        Assert.Equal([4, 4, 8, 8, 16, 16], model.StyleResolutions);
    }

    /// <summary>
    /// What the service's batching relies on. At one batch size an image is bitwise the same at any position
    /// and beside any other seeds; across batch sizes (1 vs 7) the CPU kernels block matrix products
    /// differently, which moves a pixel by about a float32 ulp (see <see cref="TensorComparison.BatchTolerance"/>),
    /// so the engine samples in fixed-size micro-batches.
    /// </summary>
    [Fact]
    public void AnImageDependsOnlyOnItsSeed()
    {
        using var scope = NewDisposeScope();
        const int size = 7;

        var alone = model.Sample([5]);
        var reference = model.Sample(Enumerable.Repeat(5L, size).ToList())[0];
        for (var position = 0; position < size; position++)
        {
            var seeds = Enumerable.Range(0, size).Select(i => i == position ? 5L : 100L + 7 * i + position).ToList();
            Assert.True(TensorComparison.Identical(reference, model.Sample(seeds)[position]), $"position {position}");
        }
        Assert.True(TensorComparison.Identical(alone, model.Sample([5])));
        Assert.True(TensorComparison.Close(alone[0], reference, tolerance: 1e-5));
        Assert.False(TensorComparison.Identical(alone, model.Sample([6])));
    }

    [Fact]
    public void AnImageIsTheSameBytesAloneAndInABatchOfSevenAtTheMicroBatch() => SameBytesInAnyBatch.Assert(model);

    [Fact]
    public void TruncationOneIsThePlainSampleAndZeroIsTheAverageImageForEverySeed()
    {
        using var scope = NewDisposeScope();

        Assert.True(TensorComparison.Identical(model.Sample([3, 9]), model.Sample([3, 9], truncation: 1)));
        // ψ = 0 maps every seed to w̄; holding the noise leaves nothing that depends on the seed.
        var averageA = model.VaryNoise(3, [42], truncation: 0);
        var averageB = model.VaryNoise(9, [42], truncation: 0);
        Assert.True(TensorComparison.Identical(averageA, averageB));
        Assert.False(TensorComparison.Identical(averageA, model.VaryNoise(3, [42], truncation: 1)));
    }

    [Fact]
    public void VaryingTheNoiseWithTheImagesOwnSeedGivesItsSample()
    {
        using var scope = NewDisposeScope();

        Assert.True(TensorComparison.Identical(model.VaryNoise(11, [11], truncation: 1), model.Sample([11])));
        Assert.True(TensorComparison.Identical(model.VaryNoise(11, [11], truncation: 0.7), model.Sample([11], truncation: 0.7)));
        var varied = model.VaryNoise(11, [1, 2, 3], truncation: 1);
        Assert.Equal(Shape.AsBatch(3), varied.shape);
        Assert.False(TensorComparison.Identical(varied[0], varied[1]));
    }

    [Fact]
    public void MixingEveryStyleFromOneSourceIsThatSourcesStylesWithTheRowsNoise()
    {
        using var scope = NewDisposeScope();
        var last = model.StyleCount - 1;

        Assert.True(TensorComparison.Identical(model.MixStyles([4], [4], 0, last, truncation: 1), model.Sample([4])));
        Assert.True(TensorComparison.Identical(model.MixStyles([4], [8], 0, last, truncation: 1), model.VaryNoise(8, [4], truncation: 1)));
    }

    [Fact]
    public void MixStylesLaysOutRowsByColumns()
    {
        using var scope = NewDisposeScope();

        var grid = model.MixStyles([1, 2], [3, 4, 5], firstStyle: 0, lastStyle: 1, truncation: 1);

        Assert.Equal(Shape.AsBatch(6), grid.shape);
        // Image 1 · 3 + 2: row seed 2, column seed 5.
        var alone = model.MixStyles([2], [5], firstStyle: 0, lastStyle: 1, truncation: 1);
        Assert.True(TensorComparison.Close(grid[5], alone[0], tolerance: 1e-5));
        Assert.False(TensorComparison.Identical(grid[5], model.Sample([2])[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MixStyles([1], [2], 2, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MixStyles([1], [2], -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MixStyles([1], [2], 0, model.StyleCount, 1));
    }

    [Fact]
    public void InterpolationInZEndsAtBothSeedsSamples()
    {
        using var scope = NewDisposeScope();

        var frames = model.Interpolate(3, 11, steps: 5, InterpolationPath.Spherical);

        Assert.Equal(Shape.AsBatch(5), frames.shape);
        Assert.True(TensorComparison.Close(frames[0], model.Sample([3])[0], tolerance: 1e-5));
        Assert.True(TensorComparison.Close(frames[4], model.Sample([11])[0], tolerance: 1e-5));
        Assert.False(TensorComparison.Identical(frames[2], frames[0]));
        Assert.True(TensorComparison.Identical(model.Interpolate(3, 11, steps: 1, InterpolationPath.Linear), model.Sample([3])));
    }

    [Fact]
    public void InterpolationInWStartsAtTheFirstSeedAndKeepsItsNoise()
    {
        using var scope = NewDisposeScope();

        var frames = model.InterpolateStyles(3, 11, steps: 4, InterpolationPath.Linear, truncation: 0.8);

        Assert.Equal(Shape.AsBatch(4), frames.shape);
        Assert.True(TensorComparison.Close(frames[0], model.Sample([3], truncation: 0.8)[0], tolerance: 1e-5));
        Assert.True(TensorComparison.Close(frames[3], model.VaryNoise(11, [3], truncation: 0.8)[0], tolerance: 1e-5));
    }

    [Fact]
    public void ParameterBytesAreFourBytesPerWeightAndBuffer()
    {
        var architecture = new StyleGanArchitecture(Shape, 8, 2, 64, 8);
        var generator = new StyleGanGenerator(architecture);
        var weights = generator.parameters().Concat(generator.buffers()).Sum(tensor => tensor.numel());
        using var loaded = new StyleGanModel(generator, CPU);

        Assert.True(weights > 0);
        Assert.Equal(weights * sizeof(float), loaded.ParameterBytes);
    }

    [Fact]
    public void LoadingACheckpointAsAModelIsRefused()
    {
        using var run = TinyStyleGanRun.Noise(Shape);
        using var trainer = new StyleGanTrainer(run.Setup);
        var path = Path.Combine(Path.GetTempPath(), $"stylegan-{Guid.NewGuid():N}.ckpt");
        try
        {
            using (var stream = File.Create(path))
                trainer.SaveCheckpoint(stream);

            Assert.Throws<InvalidDataException>(() => new StyleGanFamily().LoadModel(path, CPU));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A tiny model trained a few steps (so w̄ and the noise strengths are no longer zero), shared by the class.</summary>
    public sealed class TrainedModel : IDisposable
    {
        public TrainedModel()
        {
            _ = TestTorch.Runtime;
            using var run = TinyStyleGanRun.Noise(Shape);
            using var trainer = new StyleGanTrainer(run.Setup);
            for (var step = 0; step < 4; step++)
                trainer.Step(step);
            Model = Export(trainer);
        }

        public StyleGanModel Model { get; }

        public static StyleGanModel Export(StyleGanTrainer trainer)
        {
            var path = Path.Combine(Path.GetTempPath(), $"stylegan-{Guid.NewGuid():N}.model");
            try
            {
                using (var stream = File.Create(path))
                    trainer.ExportModel(stream);
                return (StyleGanModel)new StyleGanFamily().LoadModel(path, CPU);
            }
            finally
            {
                File.Delete(path);
            }
        }

        public void Dispose() => Model.Dispose();
    }
}
