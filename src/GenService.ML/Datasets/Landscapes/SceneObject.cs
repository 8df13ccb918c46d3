namespace GenService.ML.Datasets.Landscapes;

/// <summary>Something standing on the ground, drawn into the label map over what is behind it.</summary>
/// <param name="Base">Where it touches the ground: objects are drawn in order of it, far to near.</param>
internal abstract record SceneObject(double Base)
{
    public abstract void Draw(LandscapeScene scene, ValueNoise shape);

    /// <summary>Labels each pixel of the box whose centre <paramref name="inside"/> accepts.</summary>
    protected static void Fill(LandscapeScene scene, double left, double top, double right, double bottom, LandscapeClass label, Func<double, double, bool> inside)
    {
        var size = scene.Size;
        var (x0, x1) = (Math.Max(0, (int)Math.Floor(left * size)), Math.Min(size - 1, (int)Math.Ceiling(right * size)));
        var (y0, y1) = (Math.Max(0, (int)Math.Floor(top * size)), Math.Min(size - 1, (int)Math.Ceiling(bottom * size)));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (inside((x + 0.5) / size, (y + 0.5) / size))
                    scene.Labels[(y * size) + x] = (byte)label;
            }
        }
    }
}
