using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GenService.ML.Adversarial;

/// <summary>
/// The losses both players minimise. For the two classic objectives a score s is a logit and
/// D(x) = σ(s); the logs are written through softplus (log σ(s) = −softplus(−s),
/// log(1 − σ(s)) = −softplus(s)), which stays finite where σ saturates. For the Wasserstein
/// objectives a score is the critic's value f(x).
/// </summary>
public static class AdversarialLosses
{
    /// <param name="realScores">[N] scores of training images.</param>
    /// <param name="fakeScores">[M] scores of generated images.</param>
    /// <returns>Scalar loss of D (penalties not included).</returns>
    public static Tensor Discriminator(AdversarialObjective objective, Tensor realScores, Tensor fakeScores) =>
        objective.IsWasserstein()
            ? fakeScores.mean() - realScores.mean()                          // −(E f(x) − E f(G(z)))
            : softplus(-realScores).mean() + softplus(fakeScores).mean();    // −E log D(x) − E log(1 − D(G(z)))

    /// <param name="fakeScores">[M] scores of generated images.</param>
    /// <returns>Scalar loss of G.</returns>
    public static Tensor Generator(AdversarialObjective objective, Tensor fakeScores) => objective switch
    {
        AdversarialObjective.Minimax => -softplus(fakeScores).mean(),       // E log(1 − D(G(z)))
        AdversarialObjective.NonSaturating => softplus(-fakeScores).mean(), // −E log D(G(z))
        _ => -fakeScores.mean(),                                            // −E f(G(z))
    };
}
