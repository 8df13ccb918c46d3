using GenService.ML.Adversarial;
using GenService.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.StyleGan;

/// <summary>What one discriminator phase measured; <see cref="R1"/> only on regularisation steps.</summary>
public sealed record DiscriminatorTerms(double Loss, double RealScore, double FakeScore, double? R1);

/// <summary>
/// StyleGAN2's objective, one entry point per training phase: the non-saturating logistic loss
/// (Goodfellow et al. 2014) for both players, R1 on real images for D, lazily (Karras et al. 2020,
/// section 3.1), and style mixing in every generated batch. Path-length regularisation, StyleGAN2's
/// other regulariser, is left out: it smooths the W → image mapping (nicer interpolations, slightly
/// better precision) but costs a second generator pass with double backpropagation, too dear on a CPU.
/// Each phase accumulates gradients; the trainer zeroes them and steps the optimisers.
/// </summary>
public sealed class StyleGanLoss(
    StyleGanGenerator generator,
    StyleGanDiscriminator discriminator,
    double r1Gamma,
    int r1Interval,
    double styleMixingProbability)
{
    /// <summary>StyleGAN2's decay of the running average w̄ per minibatch.</summary>
    public const double AverageWBeta = 0.995;

    /// <summary>Lazy R1: computed on every <c>r1Interval</c>-th step and weighted by the interval, so its
    /// average strength is that of R1 on every step. It joins the main loss in one optimiser step, so Adam's
    /// settings need none of the paper's adjustment for an extra regularisation step.</summary>
    public bool RegularisesAt(long step) => r1Gamma > 0 && step % r1Interval == 0;

    /// <summary>D's phase: −log σ(D(x)) − log(1 − σ(D(G(z)))), plus γ/2 · interval · E‖∇D(x)‖² when
    /// <paramref name="regularise"/>. Draws the fakes itself (without G's gradients) and tracks w̄ on them.</summary>
    /// <param name="real">[N, C, R, R] in [−1, 1].</param>
    public DiscriminatorTerms AccumulateDiscriminatorGradients(Tensor real, Generator random, bool regularise)
    {
        Tensor fake;
        using (no_grad())
            fake = GenerateFakes(real.shape[0], random, trackAverage: true);
        var realScores = discriminator.forward(real);                                    // [N]
        var fakeScores = discriminator.forward(fake);                                    // [N]
        var loss = AdversarialLosses.Discriminator(AdversarialObjective.NonSaturating, realScores, fakeScores);
        Tensor? r1 = regularise ? R1Penalty.Compute(discriminator.forward, real) : null;
        (r1 is null ? loss : loss + r1 * (r1Gamma / 2 * r1Interval)).backward();
        return new DiscriminatorTerms(loss.item<float>(), realScores.mean().item<float>(), fakeScores.mean().item<float>(), r1?.item<float>());
    }

    /// <summary>G's phase: −log σ(D(G(z))). D's weights take no gradient here.</summary>
    /// <returns>The loss.</returns>
    public double AccumulateGeneratorGradients(long count, Generator random)
    {
        Trainable.Set(discriminator, false);
        try
        {
            var fakeScores = discriminator.forward(GenerateFakes(count, random, trackAverage: false));
            var loss = AdversarialLosses.Generator(AdversarialObjective.NonSaturating, fakeScores);
            loss.backward();
            return loss.item<float>();
        }
        finally
        {
            Trainable.Set(discriminator, true);
        }
    }

    /// <summary>G(z) for a training batch: z, the mixing draws and the noise all from <paramref name="random"/>.</summary>
    /// <returns>[N, C, R, R]</returns>
    public Tensor GenerateFakes(long count, Generator random, bool trackAverage)
    {
        var w = generator.Mapping.forward(Latents(count, random));                           // [N, W]
        if (trackAverage)
            generator.Mapping.TrackAverage(w, AverageWBeta);
        return generator.forward(MixStyles(w, random), generator.DrawNoise(count, random));
    }

    /// <summary>
    /// Style mixing regularisation (StyleGAN, section 3.1): with probability p an image takes its styles
    /// from a second w from a random crossover index on, so the network cannot assume that neighbouring
    /// layers' styles are correlated and styles stay local to their layers.
    /// </summary>
    /// <param name="w">[N, W]</param>
    /// <returns>[N, L, W]</returns>
    private Tensor MixStyles(Tensor w, Generator random)
    {
        var styles = generator.Broadcast(w);
        if (styleMixingProbability == 0)
            return styles;
        var (count, styleCount) = (w.shape[0], generator.Architecture.StyleCount);
        var second = generator.Broadcast(generator.Mapping.forward(Latents(count, random)));    // [N, L, W]
        var crossover = randint(1, styleCount, [count, 1], generator: random);                   // [N, 1]
        var mixes = rand([count, 1], generator: random).lt(styleMixingProbability);             // [N, 1]
        var fromSecond = (arange(styleCount).unsqueeze(0) >= crossover).logical_and(mixes);      // [N, L]
        return where(fromSecond.unsqueeze(-1).to(w.device), second, styles);
    }

    private Tensor Latents(long count, Generator random) =>
        randn([count, generator.Architecture.WDim], generator: random).to(generator.Device);
}
