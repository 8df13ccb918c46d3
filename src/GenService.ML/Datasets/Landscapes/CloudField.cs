namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Clouds as fractal noise above a threshold that rises towards the horizon, so they gather high in the
/// sky; <see cref="Cover"/> near 0 leaves a clear sky.
/// </summary>
internal readonly struct CloudField(ValueNoise noise, double cover, double horizon)
{
    private const int Octaves = 5;

    public double Cover => cover;

    /// <summary>How far inside a cloud the point is: positive inside, negative outside.</summary>
    public double Density(double u, double v)
    {
        var height = v / horizon;
        var threshold = 0.74 - (0.3 * cover) + (0.2 * height * height);
        return noise.Fractal(u * 3, v * 7, Octaves) - threshold;
    }
}
