using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>
/// The variety loss of Social GAN: of k forecasts of a scene, only the one closest to what happened (summed squared error of
/// the displacements over its people and steps) is penalised, so the others are free to cover other plausible futures.
/// As in the reference code, the best is chosen per scene, each scene's error is divided by its people × steps, and the
/// scenes' errors are summed.
/// </summary>
public static class VarietyLoss
{
    /// <param name="samples">[k, pred, N, 2] forecast displacements.</param>
    /// <param name="truth">[pred, N, 2] what happened.</param>
    public static Tensor BestOfK(Tensor samples, Tensor truth, SceneRanges scenes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(scenes);
        using var scope = NewDisposeScope();
        var perPerson = (samples - truth.unsqueeze(0)).square().sum([1, 3]);              // [k, N]
        var sceneOf = scenes.SceneOfPerson(samples.device);
        var perScene = zeros([samples.shape[0], scenes.Count], device: samples.device)
            .index_add(1, sceneOf, perPerson, 1.0);                                           // [k, S]
        var entries = tensor(Enumerable.Range(0, scenes.Count).Select(s => (float)(scenes.Size(s) * truth.shape[0])).ToArray(), device: samples.device);
        return (perScene.amin([0]) / entries).sum().MoveToOuterDisposeScope();
    }
}
