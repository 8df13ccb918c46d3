using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>
/// A convolution whose weight is divided by its largest singular value σ(W) (Miyato et al. 2018), so the layer is
/// 1-Lipschitz: σ is estimated by one step of power iteration per forward pass in training, its vectors u and v
/// kept between passes, as torch.nn.utils.spectral_norm does; in evaluation the stored vectors are used as they are.
/// </summary>
public sealed class SpectralNormConv2d : Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-12;

    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;
    private readonly Tensor v;
    private readonly long stride;
    private readonly long padding;

    public SpectralNormConv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true)
        : base(nameof(SpectralNormConv2d))
    {
        weight = Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        this.bias = bias ? Parameter(zeros(outChannels)) : null;
        u = empty(outChannels);
        v = empty((long)inChannels * kernelSize * kernelSize);
        this.stride = stride;
        this.padding = padding;
        register_parameter("weight", weight);
        if (this.bias is not null)
            register_parameter("bias", this.bias);
        register_buffer("u", u);
        register_buffer("v", v);
        using var generator = new Generator(0);
        ResetParameters(generator, gain: 1);
    }

    /// <summary>Xavier-normal weights with this gain, zero bias, and random unit vectors u and v.</summary>
    public void ResetParameters(Generator generator, double gain)
    {
        using var noGrad = no_grad();
        var (outChannels, fanIn) = (weight.shape[0], v.shape[0]);
        var fanOut = outChannels * weight.shape[2] * weight.shape[3];
        weight.normal_(0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
        bias?.zero_();
        using var drawnU = functional.normalize(randn([outChannels], generator: generator), dim: 0, eps: Epsilon);
        using var drawnV = functional.normalize(randn([fanIn], generator: generator), dim: 0, eps: Epsilon);
        u.copy_(drawnU);
        v.copy_(drawnV);
    }

    /// <param name="input">[N, in, H, W]</param>
    /// <returns>[N, out, H', W']</returns>
    public override Tensor forward(Tensor input)
    {
        var matrix = weight.view(weight.shape[0], -1);                           // [out, in·k·k]
        if (training)
        {
            using var noGrad = no_grad();
            v.copy_(functional.normalize(matmul(matrix.t(), u), dim: 0, eps: Epsilon));
            u.copy_(functional.normalize(matmul(matrix, v), dim: 0, eps: Epsilon));
        }
        // Copies: the next forward pass updates u and v in place, while this pass's graph still needs these values.
        var sigma = dot(u.clone(), matmul(matrix, v.clone()));                  // uᵀ W v, differentiable in W
        return functional.conv2d(input, weight / sigma, bias, strides: [stride, stride], padding: [padding, padding]);
    }
}
