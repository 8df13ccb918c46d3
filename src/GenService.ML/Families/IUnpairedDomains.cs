namespace GenService.ML.Families;

/// <summary>What a family that translates between two domains of one labelled dataset (<see cref="ModelCapability.TranslateBothWays"/>)
/// says about them, from a model's stored hyperparameters alone: which labels are domain A and domain B.</summary>
public interface IUnpairedDomains
{
    /// <returns>The dataset labels of domain A and domain B.</returns>
    (int A, int B) DomainLabels(Hyperparameters hyperparameters);
}
