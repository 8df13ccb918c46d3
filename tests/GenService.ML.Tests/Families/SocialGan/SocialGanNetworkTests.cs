using GenService.ML.Families.SocialGan;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SocialGan;

public sealed class SocialGanNetworkTests
{
    public SocialGanNetworkTests() => _ = TestTorch.Runtime;

    private static PoolingModule Pooling()
    {
        var pooling = new PoolingModule(embeddingDim: 4, hiddenSize: 6, bottleneckDim: 5);
        using var random = new Generator(2);
        SocialGanInitialisation.Apply(pooling, random);
        return pooling;
    }

    [Fact]
    public void PoolingIsPermutationInvariantWithinAScene()
    {
        using var scope = NewDisposeScope();
        using var pooling = Pooling();
        using var random = new Generator(3);
        var hidden = randn([5, 6], generator: random);
        var positions = randn([5, 2], generator: random);
        var order = tensor(new long[] { 3, 0, 4, 1, 2 });
        var scenes = new SceneRanges([5]);

        var pooled = pooling.forward(hidden, positions, scenes);
        var permuted = pooling.forward(hidden.index_select(0, order), positions.index_select(0, order), scenes);

        Assert.Equal([5L, 5], pooled.shape);
        Assert.True(permuted.allclose(pooled.index_select(0, order), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void PeoplePoolOnlyOverTheirOwnSceneWhateverElseIsInTheBatch()
    {
        using var scope = NewDisposeScope();
        using var pooling = Pooling();
        using var random = new Generator(4);
        var hidden = randn([7, 6], generator: random);
        var positions = randn([7, 2], generator: random);

        var alone = pooling.forward(hidden[..2], positions[..2], new SceneRanges([2]));
        var batched = pooling.forward(hidden, positions, new SceneRanges([2, 5]));
        var oneScene = pooling.forward(hidden, positions, new SceneRanges([7]));

        Assert.True(batched[..2].allclose(alone, rtol: 1e-5, atol: 1e-6));
        Assert.False(oneScene[..2].allclose(alone, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void TheGeneratorForecastsEachPersonAndTheDiscriminatorScoresEachTrajectory()
    {
        using var scope = NewDisposeScope();
        var architecture = TinySocialGan.Architecture();
        using var generator = new TrajectoryGenerator(architecture);
        using var discriminator = new TrajectoryDiscriminator(architecture);
        var observed = randn([8, 6, 2]);
        var scenes = new SceneRanges([2, 4]);

        var forecast = generator.forward(observed, scenes, randn([2, 4]));
        var samples = SocialGanModel.Forecast(generator, observed, scenes, randn([3, 4]));
        var scores = discriminator.forward(cat([TrajectoryGenerator.Displacements(observed), forecast], 0));

        Assert.Equal([8L, 6, 2], forecast.shape);
        Assert.Equal([3L, 8, 6, 2], samples.shape);
        Assert.Equal([6L], scores.shape);
    }

    [Fact]
    public void WithoutPoolingAPersonsForecastIgnoresTheOthers()
    {
        using var scope = NewDisposeScope();
        using var generator = new TrajectoryGenerator(TinySocialGan.Architecture(pooling: false));
        using var pooled = new TrajectoryGenerator(TinySocialGan.Architecture());
        var observed = randn([8, 3, 2]);
        var moved = observed.clone();
        moved[.., 2] += 1.5;
        var noise = randn([1, 4]);
        var scene = new SceneRanges([3]);

        Assert.True(generator.forward(observed, scene, noise)[.., ..2].allclose(generator.forward(moved, scene, noise)[.., ..2]));
        Assert.False(pooled.forward(observed, scene, noise)[.., ..2].allclose(pooled.forward(moved, scene, noise)[.., ..2]));
    }

    [Fact]
    public void TheVarietyLossPenalisesOnlyEachScenesBestSample()
    {
        using var scope = NewDisposeScope();
        var truth = zeros([2, 3, 2]);
        var samples = zeros([2, 2, 3, 2]);
        samples[0, .., ..1] += 1;   // sample 0 misses scene 0 (person 0) by 1 a coordinate
        samples[1, .., 1..] += 2;   // sample 1 misses scene 1 (people 1, 2) by 2
        var scenes = new SceneRanges([1, 2]);

        var loss = VarietyLoss.BestOfK(samples, truth, scenes).item<float>();
        var single = VarietyLoss.BestOfK(samples[..1], truth, scenes).item<float>();

        Assert.Equal(0, loss);
        Assert.Equal(2 * 2 * 1f / 2, single); // scene 0: 2 steps × 2 coordinates × 1², over 1 person × 2 steps
    }

    [Fact]
    public void TheLinearBaselineExtendsTheLeastSquaresLineOfTheObservedSteps()
    {
        using var scope = NewDisposeScope();
        var observed = tensor(new[] { 0f, 0f, 1f, 2f, 2f, 4f, 3f, 6f }, [4, 1, 2]);    // x = t, y = 2t
        var jittered = observed.clone();
        jittered[1, 0, 0] += 0.1f;
        jittered[2, 0, 0] -= 0.1f;

        var line = ForecastErrors.Linear(observed, 2);
        var fitted = ForecastErrors.Linear(jittered, 2);

        Assert.True(line[0].allclose(tensor(new[] { 4f, 8f, 5f, 10f }, [2, 1, 2]), atol: 1e-5));
        Assert.True(fitted[0, .., 0, 1].allclose(tensor(new[] { 8f, 10f }), atol: 1e-5));
        Assert.True(fitted[0, 1, 0, 0].item<float>() < 5f); // the jitter tilts the fitted x-line down
    }

    [Fact]
    public void AFutureCollidesWhenSomeoneElseOfItsSceneAndSampleIsCloserThanTheThreshold()
    {
        using var scope = NewDisposeScope();
        var samples = zeros([2, 3, 3, 2]);                  // 2 samples, 3 steps; scene A: people 0 and 1, scene B: person 2
        samples[.., .., 1, 0] += 1;                          // person 1 a metre from person 0
        samples[1, 2, 1, 0] -= 0.95f;                        // sample 1, last step: 5 cm apart
        samples[.., .., 2, 0] += 0.05f;                      // person 2 is close to person 0, but in another scene

        var (colliding, total) = Collisions.Count(samples, new SceneRanges([2, 1]));

        Assert.Equal((2L, 6L), (colliding, total));
    }

    [Fact]
    public void BestOfKErrorsTakeEachScenesClosestSampleAndTheConstantVelocityBaselineKeepsTheLastStep()
    {
        using var scope = NewDisposeScope();
        var observed = stack([zeros([1, 2]), full([1, 2], 0.5f)], 0);                // one person moving 0.5 m in x and y a step
        var baseline = ForecastErrors.ConstantVelocity(observed, 3);
        var truth = baseline[0].clone();
        truth[-1] += tensor(new[] { 3f, 4f });

        var errors = ForecastErrors.BestOfK(cat([baseline + 10, baseline], 0), truth, new SceneRanges([1]));

        Assert.Equal([1f, 1.5f, 2f], baseline[0, .., 0, 0].data<float>().ToArray());
        Assert.Equal(5, errors.Fde, 5);
        Assert.Equal(5.0 / 3, errors.Ade(3), 5);
    }
}
