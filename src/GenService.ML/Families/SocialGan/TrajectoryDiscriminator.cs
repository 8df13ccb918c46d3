using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>Social GAN's discriminator ("local", as the reference code's default): an encoder LSTM over a whole trajectory's
/// displacements, observed and forecast, and an MLP scoring its final state as real or fake.</summary>
/// <remarks>The reference code ends the classifier with a ReLU before its logistic loss; the logit here is left unclamped,
/// so a trajectory can be scored as fake with any confidence.</remarks>
public sealed class TrajectoryDiscriminator : Module<Tensor, Tensor>
{
    private readonly TrajectoryEncoder encoder;
    private readonly Sequential real_classifier;

    public TrajectoryDiscriminator(SocialGanArchitecture architecture) : base(nameof(TrajectoryDiscriminator))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        encoder = new TrajectoryEncoder(architecture.EmbeddingDim, architecture.DiscriminatorHidden);
        real_classifier = Sequential(Linear(architecture.DiscriminatorHidden, architecture.MlpDim), ReLU(), Linear(architecture.MlpDim, 1));
        RegisterComponents();
    }

    /// <param name="displacements">[obs + pred, N, 2].</param>
    /// <returns>[N] logits: high for real.</returns>
    public override Tensor forward(Tensor displacements) => real_classifier.forward(encoder.forward(displacements)).squeeze(1);
}
