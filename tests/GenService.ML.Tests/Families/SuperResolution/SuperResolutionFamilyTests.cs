using System.Text.Json;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;

namespace GenService.ML.Tests.Families.SuperResolution;

public sealed class SuperResolutionFamilyTests
{
    public static TheoryData<IModelFamily> Families => new(new SrResNetFamily(), new SrganFamily());

    [Theory]
    [MemberData(nameof(Families))]
    public void Grey_and_colour_images_of_at_least_16_pixels_train_and_others_are_refused(IModelFamily family)
    {
        Assert.Null(family.CheckDataset(new ImageShape(1, 16, 40)));
        Assert.Null(family.CheckDataset(new ImageShape(3, 512, 300)));
        Assert.Contains("1 or 3 channels", family.CheckDataset(new ImageShape(4, 64, 64)));
        Assert.Contains("at least 16x16", family.CheckDataset(new ImageShape(3, 64, 15)));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void The_defaults_are_the_papers_where_the_cpu_budget_allows(IModelFamily family)
    {
        var values = Hyperparameters.Validate(family.Hyperparameters, null, out var errors);

        Assert.Empty(errors);
        Assert.Equal("x4", values.GetChoice(SuperResolutionHyperparameters.ScaleName, family.Hyperparameters));
        Assert.Equal(48, values.GetInt(SuperResolutionHyperparameters.CropSizeName));   // the paper's 96, scaled down for the CPU budget
        Assert.Equal(16, values.GetInt(SuperResolutionHyperparameters.BatchSizeName));
        Assert.Equal(family is SrResNetFamily ? 4e-4 : 1e-4, values.Get(SuperResolutionHyperparameters.LearningRateName));
        Assert.Equal(0.9, values.Get(SuperResolutionHyperparameters.Beta1Name));
        Assert.All(family.Hyperparameters, spec => Assert.Matches("Ledig|features|pixels|feature network", spec.Description));
    }

    [Fact]
    public void Srgan_defaults_to_the_feature_content_loss_and_a_weight_of_1e_3()
    {
        var specs = SrganHyperparameters.Specs;
        var values = SrganHyperparameters.From(Hyperparameters.Validate(specs, null, out _));

        Assert.Equal(ContentLossKind.Features, values.ContentLoss);
        Assert.Equal(1e-3, values.AdversarialWeight);
        Assert.True(values.PretrainSteps < values.Shared.Steps);
    }

    [Fact]
    public void The_step_size_drops_ten_fold_at_its_share_of_each_phase()
    {
        var values = SuperResolutionHyperparameters.From(Hyperparameters.Validate(
            SrResNetFamily.Specs,
            new Dictionary<string, JsonElement> { ["learning_rate_drop"] = JsonSerializer.SerializeToElement(0.5) },
            out _));

        Assert.Equal(4e-4, values.LearningRateAt(stepInPhase: 499, phaseSteps: 1000));
        Assert.Equal(4e-5, values.LearningRateAt(stepInPhase: 500, phaseSteps: 1000), 12);
        Assert.Equal(4e-5, values.LearningRateAt(stepInPhase: 5000, phaseSteps: 1000), 12);
        Assert.Equal(4e-4, (values with { LearningRateDrop = 1 }).LearningRateAt(999, 1000));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void New_runs_add_the_bicubic_upscale_and_runs_stored_before_the_setting_existed_do_not(IModelFamily family)
    {
        var fresh = SuperResolutionHyperparameters.From(Hyperparameters.Validate(family.Hyperparameters, null, out _));
        var stored = SuperResolutionHyperparameters.From(Hyperparameters.FromStored(family.Hyperparameters,
            new Dictionary<string, double> { [SuperResolutionHyperparameters.StepsName] = 100 }));

        Assert.True(fresh.BicubicSkip);
        Assert.False(stored.BicubicSkip);
    }

    [Fact]
    public void A_scale_other_than_x2_or_x4_is_refused()
    {
        var supplied = new Dictionary<string, JsonElement> { ["scale"] = JsonSerializer.SerializeToElement("x3") };

        Hyperparameters.Validate(SrResNetFamily.Specs, supplied, out var errors);

        Assert.Equal(["Must be one of: x2, x4."], errors["scale"]);
    }
}
