namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Value noise: random values on an integer lattice from an integer hash, blended with a smoothstep,
/// and summed over octaves (fractal Brownian motion). Only integer hashing, floor, + and × are used, so
/// it gives the same bits on every CPU (no sin, exp or pow, whose last bits vary between libraries).
/// </summary>
internal readonly struct ValueNoise(uint seed)
{
    /// <summary>Noise in [0, 1] at a point; one lattice cell per unit.</summary>
    public double At(double x, double y)
    {
        var (x0, y0) = (Math.Floor(x), Math.Floor(y));
        var (ix, iy) = ((int)x0, (int)y0);
        var (fx, fy) = (Smooth(x - x0), Smooth(y - y0));
        var top = Lerp(Lattice(ix, iy), Lattice(ix + 1, iy), fx);
        var bottom = Lerp(Lattice(ix, iy + 1), Lattice(ix + 1, iy + 1), fx);
        return Lerp(top, bottom, fy);
    }

    /// <summary>Octaves of <see cref="At"/> at doubling frequency and halving amplitude, normalised to [0, 1].</summary>
    public double Fractal(double x, double y, int octaves)
    {
        double sum = 0, amplitude = 1, total = 0;
        for (var octave = 0; octave < octaves; octave++)
        {
            sum += amplitude * At(x, y + (octave * 17.31));
            total += amplitude;
            amplitude *= 0.5;
            x *= 2;
            y *= 2;
        }
        return sum / total;
    }

    /// <summary>Fractal noise folded at its midline: sharp crests, as mountain ridges have.</summary>
    public double Ridged(double x, double y, int octaves) => 1 - Math.Abs((2 * Fractal(x, y, octaves)) - 1);

    /// <summary>A value in [0, 1) for one pixel: film grain and stars, with no spatial correlation.</summary>
    public double Grain(int x, int y) => Lattice(x, y + 0x10000);

    private double Lattice(int x, int y)
    {
        unchecked
        {
            var h = ((uint)x * 0x8DA6B343u) ^ ((uint)y * 0xD8163841u) ^ (seed * 0xCB1AB31Fu);
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 12;
            h *= 0x297A2D39u;
            h ^= h >> 15;
            return h / 4294967296.0;
        }
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
