using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

/// <summary>Super-resolution runs on photos at their own sizes, held out by their stored flag.</summary>
public sealed class SuperResolutionPhotoTrainingTests : IDisposable
{
    /// <summary>(height, width, held out): mixed sizes, the smallest side 17.</summary>
    private static readonly (int Height, int Width, bool HeldOut)[] Sizes =
        [(18, 26, false), (32, 20, false), (24, 24, false), (17, 40, false), (20, 28, true), (30, 19, true)];

    private readonly PhotoSet photos;
    private readonly PhotoSet train;
    private readonly PhotoSet heldOut;

    public SuperResolutionPhotoTrainingTests()
    {
        _ = TestTorch.Runtime;
        photos = SyntheticPhotos(Sizes);
        var (trainPart, heldOutPart) = photos.Split();
        train = trainPart!;
        heldOut = heldOutPart!;
    }

    [Fact]
    public void A_few_srresnet_steps_on_photos_of_mixed_sizes_give_a_finite_mse_and_move_the_generator()
    {
        using var trainer = new SrResNetTrainer(Setup(SrResNetFamily.Specs, []));
        var exported = TrainerBytes.Export(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)["mse"]).ToList();

        Assert.All(losses, loss => Assert.True(double.IsFinite(loss) && loss > 0));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
        Assert.Equal(new ImageShape(3, 17, 19), trainer.Architecture.Shape);
    }

    [Fact]
    public void Srgan_trains_its_feature_network_and_both_networks_on_unlabelled_photo_crops()
    {
        using var trainer = new SrganTrainer(Setup(SrganHyperparameters.Specs, new()
        {
            [SrganHyperparameters.PretrainStepsName] = 1,
            [SrganHyperparameters.DiscriminatorChannelsName] = 4,
            [SrganHyperparameters.FeatureStepsName] = 2,
        }));

        var losses = Enumerable.Range(0, 3).SelectMany(step => trainer.Step(step).Values).ToList();

        Assert.All(losses, loss => Assert.True(double.IsFinite(loss)));
    }

    [Fact]
    public void Evaluation_uses_an_even_grid_over_each_held_out_photo_and_previews_seeded_crops()
    {
        var crops = new SuperResolutionCrops(train, heldOut, scale: 2, requestedSize: 16, CPU);
        using var scope = NewDisposeScope();

        var validation = crops.Validation(GeneratorTraining.MaximumEvaluationImages);
        var preview = crops.Preview([0, 1, 2]);

        // 64 crops over 2 photos: 32 from each, on a 6-column grid from the top-left corner.
        Assert.Equal([64L, 3, 16, 16], validation.HighResolution.shape);
        for (var i = 0; i < heldOut.Count; i++)
        {
            var photo = heldOut.Photos[i];
            Tensor Crop(long top, long left) => photo.Pixels.narrow(1, top, 16).narrow(2, left, 16).to_type(ScalarType.Float32).div(255f);
            Assert.True(validation.HighResolution[32 * i].allclose(Crop(0, 0)));
            Assert.True(validation.HighResolution[32 * i + 5].allclose(Crop(0, photo.Width - 16)));
        }
        Assert.Equal([3L, 3, 16, 16], preview.HighResolution.shape);
        Assert.True(preview.HighResolution.eq(crops.Preview([0, 1, 2]).HighResolution).all().item<bool>());

        using var trainer = new SrResNetTrainer(Setup(SrResNetFamily.Specs, []));
        Assert.All(trainer.Evaluate().Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void The_crop_is_limited_by_the_smallest_photo_side()
    {
        var crops = new SuperResolutionCrops(train, heldOut, scale: 2, requestedSize: 96, CPU);

        Assert.Equal(16, crops.Size);
        Assert.Equal(new ImageShape(3, 17, 19), crops.Shape);
    }

    [Fact]
    public void Photos_smaller_than_the_smallest_crop_are_refused()
    {
        using var small = SyntheticPhotos([(40, 40, false), (12, 30, false), (24, 24, true)]);
        var (smallTrain, smallHeldOut) = small.Split();
        using (smallTrain)
        using (smallHeldOut)
        {
            var setup = new TrainingSetup(Hyperparameters(SrResNetFamily.Specs, []), smallTrain!, smallHeldOut!, CPU, Seed: 7);

            var refusal = Assert.Throws<ArgumentException>(() => new SrResNetTrainer(setup));
            Assert.Contains("at least 16x16", refusal.Message);
        }
    }

    public void Dispose()
    {
        train.Dispose();
        heldOut.Dispose();
        photos.Dispose();
    }

    private TrainingSetup Setup(IReadOnlyList<HyperparameterSpec> specs, Dictionary<string, object> overrides) =>
        new(Hyperparameters(specs, overrides), train, heldOut, CPU, Seed: 7);

    private static Hyperparameters Hyperparameters(IReadOnlyList<HyperparameterSpec> specs, Dictionary<string, object> overrides)
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [SuperResolutionHyperparameters.ScaleName] = "x2",
            [SuperResolutionHyperparameters.ChannelsName] = 4,
            [SuperResolutionHyperparameters.ResidualBlocksName] = 1,
            [SuperResolutionHyperparameters.CropSizeName] = 16,
            [SuperResolutionHyperparameters.BatchSizeName] = 4,
            [SuperResolutionHyperparameters.StepsName] = 10,
        };
        foreach (var (name, value) in overrides)
            settings[name] = value;
        var supplied = settings.ToDictionary(p => p.Key, p => System.Text.Json.JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = GenService.ML.Families.Hyperparameters.Validate(specs, supplied, out var errors);
        Assert.Empty(errors);
        return hyperparameters;
    }

    /// <summary>Smooth random RGB photos (noise upsampled) of the given sizes.</summary>
    private static PhotoSet SyntheticPhotos(IEnumerable<(int Height, int Width, bool HeldOut)> sizes)
    {
        using var generator = new Generator(42);
        return new PhotoSet(sizes.Select((size, i) =>
        {
            using var scope = NewDisposeScope();
            var coarse = rand([1, 3, 4, 4], generator: generator);
            var pixels = nn.functional.interpolate(coarse, size: [size.Height, size.Width], mode: InterpolationMode.Bilinear, align_corners: false)
                .mul(255).round().to_type(ScalarType.Byte)[0];
            return new Photo($"photo-{i}.png", pixels.MoveToOuterDisposeScope(), size.HeldOut);
        }).ToList());
    }
}
