using GenService.ML.Text;

namespace GenService.ML.Tests.Text;

public class PromptTokenizerTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u0000\u0007\u001b")]
    [InlineData("\u00a0\u2003\u3000")]
    public void EmptyOrWhitespaceOnlyPromptsAreRefused(string prompt)
    {
        var exception = Assert.Throws<InvalidPromptException>(() => PromptTokenizer.Encode(prompt));

        Assert.Contains("empty or only whitespace", exception.Message);
    }

    [Fact]
    public void APromptOverTheLimitIsRefusedNamingTheLimit()
    {
        var exactly = string.Concat(Enumerable.Repeat(" dress", PromptTokenizer.MaxTokens)).Trim();

        Assert.Equal(PromptTokenizer.MaxTokens, PromptTokenizer.Encode(exactly).Count);
        var exception = Assert.Throws<InvalidPromptException>(() => PromptTokenizer.Encode(exactly + " dress"));
        Assert.Contains($"longer than {PromptTokenizer.MaxTokens} tokens", exception.Message);
        Assert.Contains($"longer than {PromptTokenizer.MaxTokens} tokens", Assert.Throws<InvalidPromptException>(() => PromptTokenizer.Encode(new string('x', 1_000_000))).Message);
        Assert.Contains($"longer than {PromptTokenizer.MaxTokens} tokens", Assert.Throws<InvalidPromptException>(() => PromptTokenizer.Encode(new string('x', 2_000))).Message);
    }

    [Fact]
    public void NoTokenSpansMoreBytesThanTheLengthCheckAssumes()
    {
        // cl100k_base has about 100,300 ids; past them Decode gives "".
        var longest = Enumerable.Range(0, 120_000).Max(id => System.Text.Encoding.UTF8.GetByteCount(PromptTokenizer.Decode([id])));

        Assert.Equal(PromptTokenizer.LongestTokenBytes, longest);
    }

    [Theory]
    [InlineData("a 👗 dress 🧥 with 👩🏽‍🦰")]
    [InlineData("ein dunkles Kleid, платье, 裙子, فستان")]
    [InlineData("<|endoftext|> a coat")]
    public void AnyUnicodePromptEncodesAndDecodesToItsNormalisedText(string prompt)
    {
        var ids = PromptTokenizer.Encode(prompt);

        Assert.NotEmpty(ids);
        Assert.Equal(PromptTokenizer.Normalise(prompt), PromptTokenizer.Decode(ids));
    }

    [Theory]
    [InlineData("  Dark\tSNEAKER \n", "dark sneaker")]
    [InlineData("ｄａｒｋ\u0000sneaker", "dark sneaker")]
    [InlineData("a\u200b\u00a0coat\u2028", "a\u200b coat")]
    public void NormalisationFoldsCaseWidthControlsAndWhitespace(string text, string expected) =>
        Assert.Equal(expected, PromptTokenizer.Normalise(text));

    [Fact]
    public void ALoneSurrogateBecomesTheReplacementCharacter()
    {
        // Built here: xUnit's theory data cannot carry a lone surrogate intact.
        var prompt = "a " + '\ud800' + " coat";

        Assert.Equal("a \ufffd coat", PromptTokenizer.Normalise(prompt));
        Assert.Equal("a \ufffd coat", PromptTokenizer.Decode(PromptTokenizer.Encode(prompt)));
    }
}
