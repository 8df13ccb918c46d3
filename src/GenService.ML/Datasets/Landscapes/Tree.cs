namespace GenService.ML.Datasets.Landscapes;

/// <summary>A tree of the given height standing at (U, V): a fir (a jagged cone) or a broadleaf (a ragged crown on a trunk).</summary>
internal sealed record Tree(double U, double V, double Height, bool Conifer) : SceneObject(V)
{
    public override void Draw(LandscapeScene scene, ValueNoise shape)
    {
        var trunkTop = V - ((Conifer ? 0.12 : 0.45) * Height);
        var trunkHalfWidth = Math.Max(0.035 * Height, 0.5 / scene.Size);
        Fill(scene, U - trunkHalfWidth, trunkTop, U + trunkHalfWidth, V, LandscapeClass.Tree, (_, _) => true);
        if (Conifer)
        {
            var top = V - Height;
            Fill(scene, U - (0.3 * Height), top, U + (0.3 * Height), trunkTop, LandscapeClass.Tree, (u, v) =>
            {
                var reach = 0.24 * Height * (v - top) / (trunkTop - top);
                return Math.Abs(u - U) < reach * (0.8 + (0.5 * shape.Fractal(u * 50, v * 50, 2)));
            });
            return;
        }
        var (centre, radiusU, radiusV) = (V - (0.62 * Height), 0.3 * Height, 0.38 * Height);
        Fill(scene, U - (1.3 * radiusU), centre - (1.3 * radiusV), U + (1.3 * radiusU), centre + (1.3 * radiusV), LandscapeClass.Tree, (u, v) =>
        {
            var (du, dv) = ((u - U) / radiusU, (v - centre) / radiusV);
            return (du * du) + (dv * dv) < 0.75 + (0.9 * shape.Fractal(u * 30, v * 30, 3)) - 0.35;
        });
    }
}
