namespace GenService.Api.Entities;

/// <summary>What a network trained on a dataset is for; each purpose has its own versions.</summary>
public enum DatasetNetworkPurpose
{
    /// <summary>The feature network of the FID-style metrics, the memorisation check and the classifier of translations.</summary>
    Features,

    /// <summary>The segmentation network of the label-map fidelity evaluation (labelmaps datasets).</summary>
    Segmentation,
}
