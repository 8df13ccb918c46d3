using GenService.ML.Datasets.Captions;
using GenService.ML.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.TextGan;

/// <summary>Every caption of a set of images as vocabulary indices, tokenized once per run, from which a minibatch
/// picks one caption an image at random (Reed et al. 2016 sample one of an image's ten captions a step).</summary>
public sealed class TokenizedCaptions
{
    private readonly int[][][] captions;

    public TokenizedCaptions(CaptionSet set, CaptionVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(vocabulary);
        captions = [.. set.Items.Select(item => item.Captions.Select(vocabulary.Tokenize).ToArray())];
    }

    /// <returns>int64 [N, L] on <paramref name="device"/>: for image positions[i] one of its captions, drawn with
    /// <paramref name="random"/>, padded at the end with <see cref="CaptionVocabulary.PaddingIndex"/>.</returns>
    public Tensor Batch(Tensor positions, Generator random, Device device)
    {
        using var scope = NewDisposeScope();
        var images = positions.data<long>().ToArray();
        var draws = randint(0, int.MaxValue, [images.Length], dtype: ScalarType.Int64, generator: random).data<long>().ToArray();
        var chosen = images.Select((image, i) => captions[image][draws[i] % captions[image].Length]).ToList();
        return CaptionVocabulary.Padded(chosen).to(device).MoveToOuterDisposeScope();
    }

    /// <returns>int64 [N, L]: each image's first caption, padded.</returns>
    public Tensor First(Tensor positions, Device device)
    {
        using var scope = NewDisposeScope();
        return CaptionVocabulary.Padded([.. positions.data<long>().ToArray().Select(image => captions[image][0])]).to(device).MoveToOuterDisposeScope();
    }
}
