using System.Diagnostics;
using System.Globalization;
using GenService.ML.Families.Dcgan;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>What the load benchmark's generator computes per image, and what the device's matrix kernels reach,
/// so the images/s figures can be read as FLOP/s against the device's own best.</summary>
public static class ComputeRates
{
    /// <summary>
    /// FLOPs of one image through a DCGAN generator: twice the multiply-adds of its transposed convolutions (4x4
    /// kernels; each input pixel meets every output channel), from the architecture stored in the model file.
    /// Batch norm, ReLU and tanh add under 1 % and are left out.
    /// </summary>
    /// <returns>Null for another family: only the DCGAN's count is written here.</returns>
    public static double? GeneratorFlopsPerImage(string architecture, string modelPath)
    {
        if (architecture != DcganFamily.ArchitectureName)
            return null;
        using var stream = File.OpenRead(modelPath);
        using var reader = new BinaryReader(stream);
        var dcgan = DcganArchitecture.Read(reader, DcganTrainer.ModelMagic);
        const int kernelArea = 4 * 4;
        var resolutions = dcgan.HiddenResolutions().ToList();
        double multiplyAdds = (double)dcgan.LatentDim * dcgan.Channels(resolutions[0]) * kernelArea;   // 1x1 → 4x4
        foreach (var resolution in resolutions.Skip(1))
            multiplyAdds += (double)dcgan.Channels(resolution / 2) * dcgan.Channels(resolution) * kernelArea * (resolution / 2) * (resolution / 2);
        var last = resolutions[^1];
        multiplyAdds += (double)dcgan.Channels(last) * dcgan.Shape.Channels * kernelArea * last * last;
        return 2 * multiplyAdds;
    }

    /// <summary>A square matrix product on <paramref name="device"/>, timed after warm-up; reading one element of
    /// the last result waits for the device, so the time is the kernels' own on a GPU too.</summary>
    public static Measurement MatrixProduct(Device device, ScalarType dataType, int size, int calls)
    {
        using var scope = NewDisposeScope();
        var left = randn(size, size, dtype: dataType, device: device);
        var right = randn(size, size, dtype: dataType, device: device);
        for (var i = 0; i < 3; i++)
            left.matmul(right).Dispose();
        _ = left.matmul(right)[0, 0].to_type(ScalarType.Float32).item<float>();
        var watch = Stopwatch.StartNew();
        Tensor product = left.matmul(right);
        for (var i = 1; i < calls; i++)
        {
            product.Dispose();
            product = left.matmul(right);
        }
        _ = product[0, 0].to_type(ScalarType.Float32).item<float>();
        var seconds = watch.Elapsed.TotalSeconds;
        var teraFlops = 2.0 * size * size * size * calls / seconds / 1e12;
        return new Measurement($"matrix product {size}x{size}, {dataType}, {device}", double.NaN,
            string.Create(CultureInfo.InvariantCulture, $"{teraFlops:F3} TFLOP/s ({calls} products in {seconds:F2} s)"));
    }
}
