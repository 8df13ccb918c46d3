using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Families.SocialGan;
using GenService.ML.Families.Spade;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Families.TextGan;

namespace GenService.Api.Tests.Evaluation;

public class EvaluationKindsTests
{
    [Fact]
    public void TheEvaluationFollowsTheFamilysDeclaredCapability()
    {
        Assert.Equal(EvaluationKind.Sampling, EvaluationKinds.Of(new DcganFamily()));
        Assert.Equal(EvaluationKind.SuperResolution, EvaluationKinds.Of(new SrganFamily()));
        Assert.Equal(EvaluationKind.Translation, EvaluationKinds.Of(new Pix2PixFamily()));
        Assert.Equal(EvaluationKind.LabelMapFidelity, EvaluationKinds.Of(new SpadeFamily()));
        Assert.Equal(EvaluationKind.TextToImage, EvaluationKinds.Of(new TextGanFamily()));
        Assert.Equal(EvaluationKind.TrajectoryForecasting, EvaluationKinds.Of(new SocialGanFamily()));
        Assert.Null(EvaluationKinds.Of(new ReconstructOnlyFamily()));
    }

    [Fact]
    public void TrajectoryForecastingReadsTrajectoriesWithoutAFeatureNetwork()
    {
        Assert.Equal([DatasetKind.Trajectories], EvaluationKinds.DatasetKinds(EvaluationKind.TrajectoryForecasting));
        Assert.False(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.TrajectoryForecasting, DatasetKind.Trajectories));
        Assert.NotNull(EvaluationKinds.RequireDatasetKind(EvaluationKind.TrajectoryForecasting, DatasetKind.Images));
    }

    [Fact]
    public void Pix2PixOnLabelMapsIsMeasuredAsTheLabelMapRenderersAre()
    {
        var pix2pix = new Pix2PixFamily();

        Assert.Equal(EvaluationKind.LabelMapFidelity, EvaluationKinds.OnDataset(pix2pix, EvaluationKind.Translation, DatasetKind.Labelmaps));
        Assert.Equal(EvaluationKind.Translation, EvaluationKinds.OnDataset(pix2pix, EvaluationKind.Translation, DatasetKind.Pairs));
        Assert.Equal(EvaluationKind.LabelMapFidelity, EvaluationKinds.OnDataset(new SpadeFamily(), EvaluationKind.LabelMapFidelity, DatasetKind.Labelmaps));
    }

    [Fact]
    public void OnlySuperResolutionGoesWithoutAFeatureNetworkAndTranslationNeedsOneOnlyOnImages()
    {
        Assert.True(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.Sampling, DatasetKind.Images));
        Assert.False(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.SuperResolution, DatasetKind.Images));
        Assert.False(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.SuperResolution, DatasetKind.Photos));
        Assert.True(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.Translation, DatasetKind.Images));
        Assert.False(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.Translation, DatasetKind.Pairs));
        Assert.True(EvaluationKinds.NeedsFeatureNetwork(EvaluationKind.LabelMapFidelity, DatasetKind.Labelmaps));
    }

    [Fact]
    public void ADatasetKindTheEvaluationCannotReadIsRefusedSayingWhichItReads()
    {
        Assert.Null(EvaluationKinds.RequireDatasetKind(EvaluationKind.SuperResolution, DatasetKind.Photos));

        Assert.Null(EvaluationKinds.RequireDatasetKind(EvaluationKind.Translation, DatasetKind.Pairs));

        var refusal = EvaluationKinds.RequireDatasetKind(EvaluationKind.Translation, DatasetKind.Photos);

        Assert.Equal(ServiceErrorKind.Invalid, refusal!.Kind);
        Assert.Contains("photos dataset", refusal.Detail);
        Assert.Contains("images, pairs", refusal.Detail);
    }
}
