namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Draws a landscape's label map: sky and clouds above mountain ridges made of fractal noise, sea or
/// grass below the horizon, then rocks and trees placed on the ground, far ones first so near ones
/// cover them, each scaled by its distance.
/// </summary>
internal static class SceneLayout
{
    public static LandscapeScene Compose(SplitMix64 random, int size)
    {
        var horizon = random.Range(0.45, 0.65);
        var relief = new ValueNoise(random.NextSeed());
        var (farHeight, farFrequency, farOffset) = (random.Range(0.08, 0.32), random.Range(2.0, 4.0), random.Range(0, 1000));
        var hasHills = random.Chance(0.6);
        var (nearHeight, nearFrequency, nearOffset) = (random.Range(0.03, farHeight * 0.7), random.Range(3.0, 6.0), random.Range(0, 1000));
        var hasSea = random.Chance(0.55);
        var (shoreDepth, shoreOffset) = (random.Range(0.12, 0.5), random.Range(0, 1000));
        var clouds = new CloudField(new ValueNoise(random.NextSeed()), random.Range(0.0, 0.6), horizon);

        var (far, near, shore) = (new double[size], new double[size], new double[size]);
        for (var x = 0; x < size; x++)
        {
            var u = (x + 0.5) / size;
            far[x] = horizon - (farHeight * (0.3 + (0.7 * relief.Ridged((u * farFrequency) + farOffset, 0.5, 5))));
            near[x] = hasHills ? horizon - (nearHeight * (0.2 + (0.8 * relief.Fractal((u * nearFrequency) + nearOffset, 7.5, 4)))) : horizon;
            shore[x] = hasSea ? horizon + shoreDepth + (0.08 * (relief.Fractal((u * 3) + shoreOffset, 11.5, 3) - 0.5)) : horizon;
        }

        var labels = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            var v = (y + 0.5) / size;
            for (var x = 0; x < size; x++)
            {
                var u = (x + 0.5) / size;
                labels[(y * size) + x] = (byte)(
                    v < Math.Min(far[x], near[x]) ? (clouds.Density(u, v) > 0 ? LandscapeClass.Cloud : LandscapeClass.Sky)
                    : v < horizon ? LandscapeClass.Mountain
                    : v < shore[x] ? LandscapeClass.Sea
                    : LandscapeClass.Grass);
            }
        }

        var scene = new LandscapeScene(size, labels, horizon, far, near, shore, clouds);
        var shape = new ValueNoise(random.NextSeed());
        foreach (var item in PlaceObjects(random, scene).OrderBy(item => item.Base))
            item.Draw(scene, shape);
        return scene;
    }

    private static List<SceneObject> PlaceObjects(SplitMix64 random, LandscapeScene scene)
    {
        var objects = new List<SceneObject>();
        var rocks = random.Chance(0.65) ? 1 + random.Below(4) : 0;
        for (var i = 0; i < rocks; i++)
        {
            var u = random.NextDouble();
            var ground = GroundTop(scene, u);
            var atShore = ground > scene.Horizon && random.Chance(0.5);
            var v = atShore ? ground + random.Range(-0.03, 0.02) : ground + random.Range(0.02, 1.0 - ground);
            var width = random.Range(0.03, 0.09) * Perspective(scene, v);
            objects.Add(new Rock(u, v, width, width * random.Range(0.5, 0.9)));
        }

        var trees = random.Chance(0.75) ? 1 + random.Below(9) : 0;
        for (var i = 0; i < trees; i++)
        {
            var u = random.NextDouble();
            var ground = GroundTop(scene, u) + 0.01;
            if (ground > 0.97)
                continue;
            var v = ground + (random.NextDouble() * (1.0 - ground));
            objects.Add(new Tree(u, v, random.Range(0.1, 0.3) * Perspective(scene, v), Conifer: random.Chance(0.5)));
        }
        return objects;
    }

    private static double GroundTop(LandscapeScene scene, double u) => scene.Shore[Math.Min(scene.Size - 1, (int)(u * scene.Size))];

    /// <summary>Things near the horizon are small, those at the bottom edge full size.</summary>
    private static double Perspective(LandscapeScene scene, double v) => 0.25 + (0.75 * Math.Clamp((v - scene.Horizon) / (1 - scene.Horizon), 0, 1));
}
