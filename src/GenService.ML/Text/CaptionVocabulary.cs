using System.Text.Json;
using static TorchSharp.torch;

namespace GenService.ML.Text;

/// <summary>
/// The compact embedding table of a text encoder: the cl100k_base tokens a dataset's training captions use, each
/// given a dense index after the reserved padding (0) and unknown (1) entries. A prompt's other tokens (a word the
/// captions never used, a misspelling's pieces, an emoji) map to the unknown index, so any prompt can be encoded.
/// Stored with a model, so a prompt is read the way its training captions were.
/// </summary>
public sealed class CaptionVocabulary
{
    public const int FormatVersion = 1;
    public const int PaddingIndex = 0;
    public const int UnknownIndex = 1;
    private const int ReservedEntries = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly int[] tokenIds;
    private readonly Dictionary<int, int> indexOfToken;

    private CaptionVocabulary(int[] tokenIds)
    {
        this.tokenIds = tokenIds;
        indexOfToken = tokenIds.Select((id, position) => (id, position)).ToDictionary(p => p.id, p => p.position + ReservedEntries);
    }

    /// <summary>Rows of the embedding table: padding, unknown, then one a token.</summary>
    public int Count => tokenIds.Length + ReservedEntries;

    /// <summary>The cl100k_base ids of the known tokens, in index order (index = position + 2).</summary>
    public IReadOnlyList<int> TokenIds => tokenIds;

    /// <summary>The vocabulary of the tokens <paramref name="captions"/> use, ordered by token id so the same captions always give the same table.</summary>
    /// <exception cref="InvalidPromptException">A caption is empty or over the token limit (an import refuses those first).</exception>
    public static CaptionVocabulary Build(IEnumerable<string> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var used = new SortedSet<int>();
        foreach (var caption in captions)
            used.UnionWith(PromptTokenizer.Encode(caption));
        return new CaptionVocabulary([.. used]);
    }

    /// <summary>The table index of each token of the prompt, <see cref="UnknownIndex"/> for tokens the captions never used.</summary>
    /// <exception cref="InvalidPromptException">The prompt is empty, only whitespace, or longer than <see cref="PromptTokenizer.MaxTokens"/> tokens.</exception>
    public int[] Tokenize(string prompt) => PromptTokenizer.Encode(prompt).Select(IndexOf).ToArray();

    /// <summary>The prompts tokenized, as int64 [N, L] padded at the end with <see cref="PaddingIndex"/> to the longest
    /// or to <paramref name="length"/> (L).</summary>
    /// <param name="length">A fixed L (<see cref="PromptTokenizer.MaxTokens"/>, say), so that a batch has one shape whatever its prompts.</param>
    /// <exception cref="InvalidPromptException">A prompt is empty, only whitespace, or over the token limit.</exception>
    public Tensor Batch(IReadOnlyList<string> prompts, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfZero(prompts.Count);
        return Padded([.. prompts.Select(Tokenize)], length);
    }

    /// <summary>Tokenized prompts as int64 [N, L], padded at the end with <see cref="PaddingIndex"/> to the longest or to <paramref name="length"/> (L).</summary>
    public static Tensor Padded(IReadOnlyList<int[]> tokenized, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(tokenized);
        ArgumentOutOfRangeException.ThrowIfZero(tokenized.Count);
        var longest = tokenized.Max(indices => indices.Length);
        if (length < longest)
            throw new ArgumentOutOfRangeException(nameof(length), $"A prompt has {longest} tokens, more than the length {length}.");
        length ??= longest;
        var padded = new long[tokenized.Count * length.Value];
        for (var i = 0; i < tokenized.Count; i++)
        {
            for (var j = 0; j < tokenized[i].Length; j++)
                padded[(i * length.Value) + j] = tokenized[i][j];
        }
        return tensor(padded, [tokenized.Count, length.Value], ScalarType.Int64);
    }

    /// <summary>The table index of a cl100k_base token id, or <see cref="UnknownIndex"/>.</summary>
    public int IndexOf(int tokenId) => indexOfToken.GetValueOrDefault(tokenId, UnknownIndex);

    public void Save(Stream stream) =>
        JsonSerializer.Serialize(stream, new StoredVocabulary(FormatVersion, PromptTokenizer.Encoding, PromptTokenizer.MaxTokens, tokenIds), Json);

    /// <exception cref="InvalidDataException">The stream is not a vocabulary this build reads.</exception>
    public static CaptionVocabulary Load(Stream stream)
    {
        StoredVocabulary? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredVocabulary>(stream, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Not a caption vocabulary: {exception.Message}", exception);
        }
        if (stored is null || stored.FormatVersion != FormatVersion || stored.Encoding != PromptTokenizer.Encoding)
            throw new InvalidDataException($"A caption vocabulary of version {stored?.FormatVersion} over '{stored?.Encoding}'; this build reads version {FormatVersion} over '{PromptTokenizer.Encoding}'.");
        var ids = stored.TokenIds ?? [];
        if (ids.Any(id => id < 0) || ids.Distinct().Count() != ids.Length)
            throw new InvalidDataException("A caption vocabulary's token ids must be distinct and not negative.");
        return new CaptionVocabulary(ids);
    }

    /// <param name="MaxTokens">The token limit the vocabulary was built under, for readers of the file.</param>
    private sealed record StoredVocabulary(int FormatVersion, string Encoding, int MaxTokens, int[]? TokenIds);
}
