using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>A trained Social GAN generator, loaded for inference: forecasts k futures of a scene from its people's observed tracks.</summary>
public sealed class SocialGanModel : IGenerativeModel, ITrajectoryForecaster
{
    private readonly TrajectoryGenerator generator;

    public SocialGanModel(TrajectoryGenerator generator, Device device)
    {
        ArgumentNullException.ThrowIfNull(generator);
        this.generator = generator;
        Device = device;
        generator.to(device);
        generator.eval();
        ParameterBytes = generator.WeightBytes();
    }

    public string Architecture => SocialGanFamily.ArchitectureName;

    /// <summary>The plots it draws of a scene's forecasts.</summary>
    public ImageShape OutputShape => SocialGanArchitecture.PlotShape;

    public Device Device { get; }

    public long ParameterBytes { get; }

    public int ObservedSteps => generator.Architecture.ObservedSteps;

    public int PredictedSteps => generator.Architecture.PredictedSteps;

    public Tensor Forecast(Tensor observed, int samples, long seed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var noise = SeededNoise.Normal(unchecked((ulong)seed), [samples, generator.Architecture.NoiseDim]).to(Device);
        return Forecast(generator, observed.to(Device), new SceneRanges([(int)observed.shape[1]]), noise).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Each row of <paramref name="noise"/> as the z of every scene, the k forecasts in one pass of the decoder.</summary>
    /// <param name="observed">[obs, N, 2] positions.</param>
    /// <param name="noise">[k, noise].</param>
    /// <returns>[k, pred, N, 2] positions.</returns>
    public static Tensor Forecast(TrajectoryGenerator generator, Tensor observed, SceneRanges scenes, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(noise);
        var k = (int)noise.shape[0];
        var displacements = Samples(generator, observed, scenes, noise.repeat_interleave(scenes.Count, 0), k);   // [k, pred, N, 2]
        return observed[-1].unsqueeze(0).unsqueeze(0) + displacements.cumsum(1);
    }

    /// <summary>k forecasts of every scene, sharing the encoder and pooling pass.</summary>
    /// <param name="noise">[k · scenes, noise]: sample after sample, each scene's z.</param>
    /// <returns>[k, pred, N, 2] displacements.</returns>
    public static Tensor Samples(TrajectoryGenerator generator, Tensor observed, SceneRanges scenes, Tensor noise, int k)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(observed);
        var context = generator.Context(observed, scenes);
        var decoded = generator.Decode(context.repeat(k, 1), observed.repeat(1, k, 1), scenes.Repeated(k), noise);   // [pred, k·N, 2]
        return decoded.view(decoded.shape[0], k, -1, 2).transpose(0, 1);
    }

    public void Dispose() => generator.Dispose();
}
