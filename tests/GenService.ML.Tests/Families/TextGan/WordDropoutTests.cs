using System.Text.Json;
using GenService.ML.Families;
using GenService.ML.Families.TextGan;
using GenService.ML.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.TextGan;

public sealed class WordDropoutTests
{
    private static readonly long[] Rows = [5, 6, 7, CaptionVocabulary.PaddingIndex, 9, 10, CaptionVocabulary.PaddingIndex, CaptionVocabulary.PaddingIndex];

    public WordDropoutTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1")]
    public void A_chance_outside_0_to_0_9_is_refused_with_its_bounds(string json)
    {
        var supplied = new Dictionary<string, JsonElement> { [TextGanHyperparameters.WordDropoutName] = JsonDocument.Parse(json).RootElement };

        Hyperparameters.Validate(TextGanHyperparameters.Specs, supplied, out var errors);

        Assert.Equal(["Must be between 0 and 0.9."], errors[TextGanHyperparameters.WordDropoutName]);
    }

    [Fact]
    public void No_chance_leaves_the_tokens_as_they_are()
    {
        using var tokens = tensor(Rows, [2, 4]);
        using var random = new Generator(1);

        using var kept = TokenizedCaptions.WithWordsDropped(tokens, 0, random);

        Assert.Equal(tokens.data<long>().ToArray(), kept.data<long>().ToArray());
    }

    [Fact]
    public void Certain_dropout_reads_every_word_as_unknown_and_leaves_the_padding()
    {
        using var tokens = tensor(Rows, [2, 4]);
        using var random = new Generator(1);

        using var dropped = TokenizedCaptions.WithWordsDropped(tokens, 1, random);

        long[] expected = [1, 1, 1, 0, 1, 1, 0, 0];
        Assert.Equal(expected, dropped.data<long>().ToArray());
    }

    [Fact]
    public void A_seed_drops_the_same_words_and_about_the_chance_of_them()
    {
        using var tokens = full(200, 50, 7L, ScalarType.Int64);
        using var first = new Generator(3);
        using var second = new Generator(3);

        using var once = TokenizedCaptions.WithWordsDropped(tokens, 0.2, first);
        using var again = TokenizedCaptions.WithWordsDropped(tokens, 0.2, second);
        using var unknown = once.eq(CaptionVocabulary.UnknownIndex).to_type(ScalarType.Float64).mean();

        Assert.Equal(once.data<long>().ToArray(), again.data<long>().ToArray());
        Assert.InRange(unknown.item<double>(), 0.18, 0.22);    // 10,000 draws: the share's standard error is 0.004
    }
}
