using GenService.ML.Text;

namespace GenService.ML.Tests.Text;

public class CaptionVocabularyTests
{
    private static readonly string[] Captions = ["a dark patterned sneaker", "sneaker, light colour", "a photo of a narrow light dress"];

    [Fact]
    public void TheTableHoldsPaddingUnknownAndEachTokenOfTheCaptionsOnce()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);

        var tokens = Captions.SelectMany(PromptTokenizer.Encode).Distinct().Order().ToArray();
        Assert.Equal(tokens, vocabulary.TokenIds);
        Assert.Equal(tokens.Length + 2, vocabulary.Count);
        Assert.Equal(Enumerable.Range(2, tokens.Length), tokens.Select(vocabulary.IndexOf));
    }

    [Fact]
    public void KnownTokensGetTheirIndexAndOthersTheUnknownIndex()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);

        var known = vocabulary.Tokenize("a dark sneaker");
        var indices = vocabulary.Tokenize("A DARK sneaker 👟 кроссовок");

        Assert.DoesNotContain(CaptionVocabulary.UnknownIndex, known);
        Assert.Equal(known, indices[..known.Length]);
        Assert.All(indices[known.Length..], index => Assert.Equal(CaptionVocabulary.UnknownIndex, index));
        Assert.DoesNotContain(CaptionVocabulary.PaddingIndex, indices);
    }

    [Fact]
    public void TokenizeRefusesWhatTheTokenizerRefuses()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);

        Assert.Throws<InvalidPromptException>(() => vocabulary.Tokenize(" \n "));
        Assert.Throws<InvalidPromptException>(() => vocabulary.Tokenize(string.Concat(Enumerable.Repeat("dress ", 100))));
    }

    [Fact]
    public void ASavedVocabularyLoadsAsTheSameTable()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);
        using var stream = new MemoryStream();

        vocabulary.Save(stream);
        stream.Position = 0;
        var loaded = CaptionVocabulary.Load(stream);

        Assert.Equal(vocabulary.TokenIds, loaded.TokenIds);
        Assert.Equal(vocabulary.Tokenize("a light sneaker 🙂"), loaded.Tokenize("a light sneaker 🙂"));
    }

    [Theory]
    [InlineData("{nope")]
    [InlineData("""{"formatVersion": 2, "encoding": "cl100k_base", "tokenIds": []}""")]
    [InlineData("""{"formatVersion": 1, "encoding": "o200k_base", "tokenIds": []}""")]
    [InlineData("""{"formatVersion": 1, "encoding": "cl100k_base", "tokenIds": [5, 5]}""")]
    [InlineData("""{"formatVersion": 1, "encoding": "cl100k_base", "tokenIds": [-1]}""")]
    public void AnythingElseIsRefusedOnLoad(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Throws<InvalidDataException>(() => CaptionVocabulary.Load(stream));
    }
}
