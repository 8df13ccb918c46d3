using TorchSharp;

namespace GenService.ML.Families;

/// <summary>Forecasts where the people of a scene walk next from where they have been (Social GAN). A forecast depends only
/// on the scene's observed positions and the seed.</summary>
public interface ITrajectoryForecaster
{
    /// <summary>Positions a forecast starts from, 0.4 s apart.</summary>
    int ObservedSteps { get; }

    /// <summary>Positions it forecasts.</summary>
    int PredictedSteps { get; }

    /// <param name="observed">[<see cref="ObservedSteps"/>, N, 2] float32 positions in metres of the N people of one scene.</param>
    /// <param name="samples">How many futures to draw, each from its own z.</param>
    /// <returns>[samples, <see cref="PredictedSteps"/>, N, 2] float32 positions on the CPU.</returns>
    torch.Tensor Forecast(torch.Tensor observed, int samples, long seed);
}
