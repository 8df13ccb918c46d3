using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// The two unpaired domains CycleGAN learns between, taken from one labelled image set by label: two classes of a
/// labelled dataset, two styles of a landscapes dataset, or trainA/ and trainB/ of an upload in the CycleGAN layout.
/// </summary>
public sealed class UnpairedDomains : IDisposable
{
    private UnpairedDomains(DatasetTensors a, DatasetTensors b)
    {
        A = a;
        B = b;
    }

    /// <summary>uint8 images of domain A.</summary>
    public DatasetTensors A { get; }

    /// <summary>uint8 images of domain B.</summary>
    public DatasetTensors B { get; }

    /// <summary>The images labelled <paramref name="labelA"/> and <paramref name="labelB"/>, copied; either may be empty.</summary>
    /// <exception cref="ArgumentException">The images carry no labels, or the two labels are the same.</exception>
    public static UnpairedDomains Split(DatasetTensors images, int labelA, int labelB)
    {
        if (images.Labels is null)
            throw new ArgumentException("CycleGAN trains on two labelled domains, and these images carry no labels: import a labelled dataset "
                + "(class folders, Fashion-MNIST, landscapes, or an upload with trainA/ and trainB/).", nameof(images));
        if (labelA == labelB)
            throw new ArgumentException($"Domains A and B are both label {labelA}: choose two different labels.", nameof(labelA));
        return new UnpairedDomains(WithLabel(images, labelA), WithLabel(images, labelB));
    }

    /// <summary>Why these training domains cannot train a model, or null when each holds an image.</summary>
    public string? Problem(IReadOnlyList<string> classes, int labelA, int labelB)
    {
        string Describe(int label) => label < classes.Count ? $"label {label} ('{classes[label]}')" : $"label {label}";
        if (A.Count == 0 || B.Count == 0)
        {
            var empty = A.Count == 0 ? $"Domain A, {Describe(labelA)}," : $"Domain B, {Describe(labelB)},";
            return $"{empty} has no training images; the dataset's labels are 0 to {classes.Count - 1}"
                + (classes.Count > 0 ? $" ({string.Join(", ", classes.Select((name, label) => $"{label} {name}"))})." : ".");
        }
        return null;
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private static DatasetTensors WithLabel(DatasetTensors images, int label)
    {
        using var indices = images.Labels!.eq(label).nonzero().flatten();
        return images.Select(indices);
    }
}
