namespace GenService.ML.Datasets.Landscapes;

/// <summary>A boulder: a dome with a ragged outline, its flat underside a little below its base line.</summary>
internal sealed record Rock(double U, double V, double Width, double Height) : SceneObject(V)
{
    public override void Draw(LandscapeScene scene, ValueNoise shape) =>
        Fill(scene, U - Width, V - Height, U + Width, V + (0.35 * Height), LandscapeClass.Rock, (u, v) =>
        {
            var (du, dv) = ((u - U) / Width, (v - V) / Height);
            return (du * du) + (dv * dv) < 1 + (0.6 * (shape.Fractal(u * 40, v * 40, 3) - 0.5)) && dv < 0.35;
        });
}
