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

    /// <summary>Word dropout (Iyyer et al. 2015): each token but padding read as <see cref="CaptionVocabulary.UnknownIndex"/>
    /// at the chance <paramref name="chance"/>, so the unknown token's row learns to stand for a word the encoder has not read.</summary>
    /// <param name="tokens">int64 [N, L] of <see cref="Batch"/>.</param>
    /// <returns>int64 [N, L] on the tokens' device; the tokens themselves when <paramref name="chance"/> is 0, with no draw from <paramref name="random"/>.</returns>
    public static Tensor WithWordsDropped(Tensor tokens, double chance, Generator random)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (chance == 0)
            return tokens;
        using var scope = NewDisposeScope();
        var dropped = rand(tokens.shape, generator: random).lt(chance).to(tokens.device).logical_and(tokens.ne(CaptionVocabulary.PaddingIndex));
        return tokens.masked_fill(dropped, CaptionVocabulary.UnknownIndex).MoveToOuterDisposeScope();
    }

    /// <returns>int64 [N, L]: each image's first caption, padded.</returns>
    public Tensor First(Tensor positions, Device device)
    {
        using var scope = NewDisposeScope();
        return CaptionVocabulary.Padded([.. positions.data<long>().ToArray().Select(image => captions[image][0])]).to(device).MoveToOuterDisposeScope();
    }
}
