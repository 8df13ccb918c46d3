namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Paints a scene in a style: every class textured with fractal noise between its lit and shaded
/// colour, the sky graded towards the horizon with the sun's (or moon's) glow, mountains lit by the
/// slope of their ridge and hazed with distance, and the sea reflecting what stands above it, broken
/// by waves. Rows are painted top down, so the sea reads its reflections from rows already painted.
/// </summary>
internal sealed class LandscapeRenderer
{
    private readonly LandscapeScene scene;
    private readonly StylePalette palette;
    private readonly ValueNoise texture;
    private readonly double sunU;
    private readonly double sunV;
    private readonly Rgb[] colours;

    private LandscapeRenderer(LandscapeScene scene, StylePalette palette, SplitMix64 random)
    {
        this.scene = scene;
        this.palette = palette;
        texture = new ValueNoise(random.NextSeed());
        sunU = random.Range(0.15, 0.85);
        sunV = scene.Horizon * random.Range(palette.SunHeight.Min, palette.SunHeight.Max);
        colours = new Rgb[scene.Size * scene.Size];
    }

    /// <returns>RGB, planar [3, Size, Size].</returns>
    public static byte[] Render(LandscapeScene scene, StylePalette palette, SplitMix64 random) =>
        new LandscapeRenderer(scene, palette, random).Paint();

    private byte[] Paint()
    {
        var size = scene.Size;
        for (var y = 0; y < size; y++)
        {
            var v = (y + 0.5) / size;
            for (var x = 0; x < size; x++)
            {
                var u = (x + 0.5) / size;
                colours[(y * size) + x] = scene.At(x, y) switch
                {
                    LandscapeClass.Sky => Sky(x, y, u, v),
                    LandscapeClass.Cloud => Cloud(x, y, u, v),
                    LandscapeClass.Mountain => Mountain(x, u, v),
                    LandscapeClass.Sea => Sea(x, y, u, v),
                    LandscapeClass.Grass => Grass(u, v),
                    LandscapeClass.Tree => Tree(u, v),
                    _ => Rock(u, v),
                };
            }
        }
        return Develop();
    }

    private Rgb Sky(int x, int y, double u, double v)
    {
        var height = Math.Clamp(v / scene.Horizon, 0, 1);
        var sky = Rgb.Lerp(palette.SkyTop, palette.SkyHorizon, height * height) * (0.97 + (0.06 * texture.Fractal(u * 4, (v * 4) + 50, 3)));
        var (du, dv) = (u - sunU, v - sunV);
        var distance = (du * du) + (dv * dv);
        if (distance < 0.0012)
            return palette.Sun * 1.1;
        sky += palette.Sun * Glow(distance);
        if (palette.Stars && texture.Grain(x, y) > 0.993)
            sky += new Rgb(0.7, 0.7, 0.75) * (1 - height);
        return sky;
    }

    private Rgb Cloud(int x, int y, double u, double v)
    {
        var towardsSun = u < sunU ? 0.02 : -0.02;
        var lit = Math.Clamp(0.55 + (6 * (scene.Clouds.Density(u, v) - scene.Clouds.Density(u + towardsSun, v - 0.02))), 0, 1);
        var cloud = Rgb.Lerp(palette.CloudShade, palette.CloudLit, lit) + (palette.Sun * (0.5 * Glow(((u - sunU) * (u - sunU)) + ((v - sunV) * (v - sunV)))));
        // Thin edges let the sky through, so clouds have soft borders rather than cut-out ones.
        var opacity = Math.Clamp((scene.Clouds.Density(u, v) * 12) + 0.35, 0, 1);
        return Rgb.Lerp(Sky(x, y, u, v), cloud, opacity);
    }

    private Rgb Mountain(int x, double u, double v)
    {
        var near = v >= scene.NearRidge[x];
        var ridge = near ? scene.NearRidge : scene.FarRidge;
        var crest = ridge[x];
        var depth = Math.Clamp((v - crest) / Math.Max(scene.Horizon - crest, 1e-3), 0, 1);
        var slope = (ridge[Math.Min(x + 1, scene.Size - 1)] - ridge[Math.Max(x - 1, 0)]) * scene.Size / 2;
        var towardsSun = u < sunU ? 1 : -1;
        // Faces turned to the sun are lit: the crest's slope near the top, the terrain's own folds below it.
        var terrain = texture.Fractal((u * 6) + 20, v * 6, 5);
        var fold = (texture.Fractal((u * 6) + 20.02, v * 6, 5) - terrain) * 8;
        var lit = Math.Clamp(0.5 + (((0.25 * Math.Clamp(slope, -1, 1) * (1 - depth)) + fold) * towardsSun), 0, 1);
        var rock = Rgb.Lerp(palette.MountainShade, palette.MountainLit, lit) * (0.75 + (0.5 * texture.Fractal((u * 24) + 20, v * 24, 4)));
        if (depth < palette.SnowLine + (0.25 * (terrain - 0.5)))
            rock = palette.Snow * (0.6 + (0.4 * lit));
        var haze = (near ? 0.05 : 0.25) + (0.2 * depth);
        return Rgb.Lerp(rock, palette.SkyHorizon, haze);
    }

    private Rgb Sea(int x, int y, double u, double v)
    {
        var distance = Math.Clamp((v - scene.Horizon) / (1 - scene.Horizon), 0, 1);
        var water = Rgb.Lerp(palette.SeaFar, palette.SeaNear, distance * (2 - distance));
        // Waves are flattened by perspective: long and thin near the horizon, larger close by.
        var wave = texture.Fractal((u * 6) / (distance + 0.15), (v * 8) / (distance + 0.05), 3);
        var size = scene.Size;
        var mirrorRow = (2 * (int)Math.Ceiling((scene.Horizon * size) - 0.5)) - y - 1;
        var mirrorColumn = Math.Clamp(x + (int)Math.Round((wave - 0.5) * size * 0.08 * (distance + 0.2)), 0, size - 1);
        var reflected = mirrorRow >= 0 ? colours[(mirrorRow * size) + mirrorColumn] : palette.SkyTop;
        // Fresnel: the water mirrors most at grazing angles, near the horizon.
        var sea = Rgb.Lerp(water, reflected, 0.6 - (0.35 * distance)) * (0.85 + (0.3 * wave));
        if (Math.Abs(u - sunU) < 0.05 * (1 + (2 * distance)) && wave > 0.62)
            sea += palette.Sun * (palette.SunGlow * (wave - 0.62) * 4);
        return sea;
    }

    private Rgb Grass(double u, double v)
    {
        var distance = Math.Clamp((v - scene.Horizon) / (1 - scene.Horizon), 0, 1);
        var blades = texture.Fractal((u * 25) + 100, v * 70, 3);
        var patches = texture.Fractal((u * 4) + 100, v * 6, 4);
        var grass = Rgb.Lerp(palette.GrassShade, palette.GrassLit, (0.35 * blades) + (0.9 * patches) - 0.15) * (0.8 + (0.3 * distance));
        grass = Rgb.Lerp(grass, palette.Snow * (0.8 + (0.2 * blades)), palette.SnowOnGround * (0.75 + (0.5 * (patches - 0.5))));
        var far = 1 - distance;
        return Rgb.Lerp(grass, palette.SkyHorizon, 0.35 * far * far);
    }

    private Rgb Tree(double u, double v)
    {
        var leaves = texture.Fractal((u * 70) + 200, v * 70, 3);
        var side = u < sunU ? 0.1 : -0.1;
        var tree = Rgb.Lerp(palette.TreeShade, palette.TreeLit, (1.6 * leaves) - 0.4 + side);
        return palette.SnowOnGround > 0 && leaves > 0.6 ? Rgb.Lerp(tree, palette.Snow * (0.6 + (0.3 * leaves)), palette.SnowOnGround * (leaves - 0.6) * 5) : tree;
    }

    private Rgb Rock(double u, double v)
    {
        var grain = texture.Fractal((u * 35) + 300, v * 35, 4);
        var crack = texture.Ridged((u * 18) + 300, v * 18, 3);
        var rock = Rgb.Lerp(palette.RockShade, palette.RockLit, (1.4 * grain) - 0.2) * (crack > 0.9 ? 0.6 : 1.0);
        return palette.SnowOnGround > 0 && grain > 0.58 ? Rgb.Lerp(rock, palette.Snow, palette.SnowOnGround) : rock;
    }

    /// <summary>A bright core and a wide halo, falling off as 1 / (1 + k·d²).</summary>
    private double Glow(double distanceSquared) =>
        palette.SunGlow * ((0.5 / (1 + (900 * distanceSquared))) + (0.4 / (1 + (20 * distanceSquared))));

    /// <summary>Exposure, a vignette and film grain, then rounded to bytes, planar.</summary>
    private byte[] Develop()
    {
        var size = scene.Size;
        var plane = size * size;
        var pixels = new byte[3 * plane];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (du, dv) = (((x + 0.5) / size) - 0.5, ((y + 0.5) / size) - 0.5);
                var light = palette.Exposure * (1 - (0.5 * ((du * du) + (dv * dv))));
                var grain = (texture.Grain(x + 7919, y) - 0.5) * 0.035;
                var colour = colours[(y * size) + x];
                var at = (y * size) + x;
                pixels[at] = ToByte((colour.R * light) + grain);
                pixels[plane + at] = ToByte((colour.G * light) + grain);
                pixels[(2 * plane) + at] = ToByte((colour.B * light) + grain);
            }
        }
        return pixels;
    }

    private static byte ToByte(double channel) => (byte)Math.Clamp(Math.Round(channel * 255), 0, 255);
}
