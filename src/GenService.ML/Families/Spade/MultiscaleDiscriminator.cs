using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// SPADE's discriminator (Park et al. 2019, after pix2pixHD): <see cref="SpadeArchitecture.DiscriminatorScales"/>
/// identical PatchGANs, the first on the full-size map and image, each next one on them average-pooled once more
/// (3x3, stride 2), so the coarser one judges larger structures with the same patch size.
/// </summary>
public sealed class MultiscaleDiscriminator : Module<Tensor, Tensor, IReadOnlyList<IReadOnlyList<Tensor>>>
{
    private readonly ModuleList<FeaturePatchGan> scales;

    public MultiscaleDiscriminator(SpadeArchitecture architecture) : base(nameof(MultiscaleDiscriminator))
    {
        scales = new ModuleList<FeaturePatchGan>([.. Enumerable.Range(0, SpadeArchitecture.DiscriminatorScales).Select(_ => new FeaturePatchGan(architecture))]);
        RegisterComponents();
    }

    /// <param name="labels">[N, L, S, S] one-hot label maps.</param>
    /// <param name="images">[N, C, S, S] in [−1, 1], real or generated.</param>
    /// <returns>For each scale, finest first, its PatchGAN's layer outputs (<see cref="FeaturePatchGan"/>).</returns>
    public override IReadOnlyList<IReadOnlyList<Tensor>> forward(Tensor labels, Tensor images)
    {
        var input = cat([labels, images], 1);
        var outputs = new List<IReadOnlyList<Tensor>>();
        foreach (var scale in scales)
        {
            outputs.Add(scale.forward(input));
            input = functional.avg_pool2d(input, kernel_size: 3, stride: 2, padding: 1, count_include_pad: false);
        }
        return outputs;
    }
}
