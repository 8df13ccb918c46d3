namespace GenService.ML.Datasets.Landscapes;

/// <summary>A linear colour with channels nominally in [0, 1]; sums may exceed 1 until written out.</summary>
internal readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb Hex(int rgb) => new(((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);

    public static Rgb operator +(Rgb a, Rgb b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    public static Rgb operator *(Rgb a, double k) => new(a.R * k, a.G * k, a.B * k);

    /// <summary>From <paramref name="a"/> at t = 0 to <paramref name="b"/> at t = 1, t clamped.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new(a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t));
    }
}
