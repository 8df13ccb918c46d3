using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>Sums of displacement errors over a batch of scenes, to be divided once all batches are in.</summary>
/// <param name="Displacement">Summed over people and steps: divided by <see cref="People"/> × steps it is the ADE.</param>
/// <param name="Final">Summed over people: divided by <see cref="People"/> it is the FDE.</param>
public readonly record struct ForecastErrors(double Displacement, double Final, long People)
{
    public static ForecastErrors operator +(ForecastErrors a, ForecastErrors b) =>
        new(a.Displacement + b.Displacement, a.Final + b.Final, a.People + b.People);

    /// <summary>Average displacement error: mean distance from the truth over people and steps, in metres.</summary>
    public double Ade(int steps) => Displacement / (People * (double)steps);

    /// <summary>Final displacement error: mean distance from the truth at the last step, in metres.</summary>
    public double Fde => Final / People;

    /// <summary>The best of k forecasts as Gupta et al. evaluate it: per scene, the sample whose errors summed over the
    /// scene's people are lowest (for ADE and FDE each).</summary>
    /// <param name="samples">[k, pred, N, 2] forecast positions.</param>
    /// <param name="truth">[pred, N, 2].</param>
    public static ForecastErrors BestOfK(Tensor samples, Tensor truth, SceneRanges scenes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(scenes);
        using var scope = NewDisposeScope();
        var distance = (samples - truth.unsqueeze(0)).square().sum([3]).sqrt();           // [k, pred, N]
        var sceneOf = scenes.SceneOfPerson(samples.device);
        Tensor PerScene(Tensor perPerson) =>
            zeros([samples.shape[0], scenes.Count], ScalarType.Float64, samples.device).index_add(1, sceneOf, perPerson.to_type(ScalarType.Float64), 1.0);
        var displacement = PerScene(distance.sum([1])).amin([0]).sum().item<double>();
        var final = PerScene(distance[.., -1]).amin([0]).sum().item<double>();
        return new ForecastErrors(displacement, final, scenes.People);
    }

    /// <summary>The linear baseline of Gupta et al.: x and y each fitted by least squares as a straight line in time over the
    /// observed steps, and extended.</summary>
    /// <param name="observed">[obs, N, 2].</param>
    /// <returns>[1, pred, N, 2] positions, as one sample.</returns>
    public static Tensor Linear(Tensor observed, int steps)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var count = observed.shape[0];
        var time = arange(count, dtype: observed.dtype, device: observed.device);
        var centred = (time - ((count - 1) / 2.0)).view(count, 1, 1);
        var mean = observed.mean([0]);
        var slope = (centred * (observed - mean)).sum([0]) / centred.square().sum();
        var ahead = (arange(count, count + steps, dtype: observed.dtype, device: observed.device) - ((count - 1) / 2.0)).view(steps, 1, 1);
        return (mean.unsqueeze(0) + (ahead * slope.unsqueeze(0))).unsqueeze(0);
    }

    /// <summary>The constant-velocity baseline: everyone keeps the last observed step's displacement.</summary>
    /// <param name="observed">[obs, N, 2].</param>
    /// <returns>[1, pred, N, 2] positions, as one sample.</returns>
    public static Tensor ConstantVelocity(Tensor observed, int steps)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var velocity = observed[-1] - observed[-2];
        var multiples = arange(1, steps + 1, dtype: observed.dtype, device: observed.device).view(steps, 1, 1);
        return (observed[-1].unsqueeze(0) + (multiples * velocity.unsqueeze(0))).unsqueeze(0);
    }
}
