using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace GenService.ML.Text;

/// <summary>
/// Turns a prompt or caption into token ids of OpenAI's cl100k_base byte-level BPE (Microsoft.ML.Tokenizers with its
/// Cl100kBase data package), after <see cref="Normalise"/>.
/// </summary>
/// <remarks>
/// Why cl100k_base: it is byte-level, so any Unicode string (emoji, any script) encodes without failing; its 100k
/// merges keep common English words whole (" sneaker", " patterned"), so the captions' words become few, meaningful
/// tokens; and it loads in a fraction of o200k_base's time and memory, whose extra merges serve other languages our
/// captions do not use. GPT-2 and r50k_base split more English words and add nothing here.
/// </remarks>
public static class PromptTokenizer
{
    public const string Encoding = "cl100k_base";

    /// <summary>
    /// Most tokens a prompt or caption may have: CLIP's text context (Radford et al. 2021), ample for captions
    /// (Reed et al. 2016 cap theirs at 201 characters, about 50 tokens).
    /// </summary>
    public const int MaxTokens = 77;

    // U+FF01 to U+FF5E are the full-width forms of ASCII '!' to '~'.
    private const char FullWidthFirst = '\uFF01';
    private const char FullWidthLast = '\uFF5E';
    private const int FullWidthOffset = 0xFEE0;

    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding(Encoding));

    /// <summary>
    /// The most UTF-8 bytes one cl100k_base token spans: 128 (a run of spaces), as a test checks over every id. A token
    /// never spans more characters than bytes, so text over <see cref="MaxTokens"/> times this is over the limit.
    /// </summary>
    internal const int LongestTokenBytes = 128;

    /// <summary>The token ids of the normalised text.</summary>
    /// <exception cref="InvalidPromptException">The text is empty or only whitespace once normalised, or longer than <see cref="MaxTokens"/> tokens.</exception>
    public static IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = Normalise(text);
        if (normalised.Length == 0)
            throw new InvalidPromptException("is empty or only whitespace (control characters count as whitespace).");
        // No token spans more characters than UTF-8 bytes, so longer text is over the limit untokenized: a megabyte
        // of text costs no more than a long prompt (tokenizing it would take a second).
        var ids = normalised.Length > MaxTokens * LongestTokenBytes ? null : Tokenizer.Value.EncodeToIds(normalised, MaxTokens + 1, out _, out _);
        if (ids is null || ids.Count > MaxTokens)
            throw new InvalidPromptException($"is longer than {MaxTokens} tokens ({Encoding}), the limit for prompts and captions.");
        return ids;
    }

    /// <summary>The text a token id stands for (a word piece, or part of a character's UTF-8 bytes).</summary>
    public static string Decode(IEnumerable<int> ids) => Tokenizer.Value.Decode(ids);

    /// <summary>
    /// Lone surrogates replaced by U+FFFD, control characters read as spaces, full-width ASCII forms ("ｄａｒｋ") as
    /// ASCII, runs of whitespace as one space, trimmed and lower-cased: "Dark\tSNEAKER" and "dark sneaker" are one prompt.
    /// </summary>
    /// <remarks>The service runs with invariant globalization, which has no Unicode normalisation tables, so other
    /// compatibility forms (ligatures, decomposed accents) stay as written; the byte-level BPE still encodes them.</remarks>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                    builder.Append(' ');
                continue;
            }
            builder.Append(c switch
            {
                _ when char.IsSurrogate(c) => '\uFFFD',
                >= FullWidthFirst and <= FullWidthLast => (char)(c - FullWidthOffset),
                _ => c,
            });
        }
        return builder.ToString().TrimEnd(' ').ToLower(CultureInfo.InvariantCulture);
    }
}
