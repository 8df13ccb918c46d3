using GenService.ML.Text;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Text;

public class TextEncoderTests
{
    private static readonly string[] Captions = ["a dark patterned sneaker", "sneaker, light colour", "a photo of a narrow light dress"];

    public TextEncoderTests() => _ = TestTorch.Runtime;

    [Fact]
    public void ABatchOfPromptsPadsToTheLongestAndEncodesToOneEmbeddingEach()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);
        using var encoder = new TextEncoder(vocabulary.Count, tokenDim: 8, hiddenDim: 12, embeddingDim: 16);
        using var scope = NewDisposeScope();

        var batch = vocabulary.Batch(["a dark sneaker", "a photo of a narrow light dress 👗"]);
        var embeddings = encoder.forward(batch);

        var longest = vocabulary.Tokenize("a photo of a narrow light dress 👗").Length;
        Assert.Equal([2L, longest], batch.shape);
        Assert.Equal(vocabulary.Tokenize("a dark sneaker").Length, (int)batch[0].ne(CaptionVocabulary.PaddingIndex).sum().item<long>());
        Assert.Equal([2L, 16], embeddings.shape);
        Assert.True(embeddings.isfinite().all().item<bool>());
    }

    [Fact]
    public void APromptEncodesTheSameAloneAndBesideALongerOne()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);
        manual_seed(1);
        using var encoder = new TextEncoder(vocabulary.Count, tokenDim: 8, hiddenDim: 12, embeddingDim: 16);
        using var scope = NewDisposeScope();

        var alone = encoder.forward(vocabulary.Batch(["a dark sneaker"]));
        var batched = encoder.forward(vocabulary.Batch(["a dark sneaker", "a photo of a narrow light dress, light colour"]));

        Assert.True(alone[0].allclose(batched[0], rtol: 1e-5, atol: 1e-6));
        Assert.False(batched[0].allclose(batched[1]));
    }

    [Fact]
    public void GradientsReachTheTokenTableButNotItsPaddingRow()
    {
        var vocabulary = CaptionVocabulary.Build(Captions);
        using var encoder = new TextEncoder(vocabulary.Count, tokenDim: 8, hiddenDim: 12, embeddingDim: 16);
        using var scope = NewDisposeScope();

        encoder.forward(vocabulary.Batch(["a dark sneaker", "a photo of a narrow light dress"])).square().sum().backward();

        var table = encoder.parameters().First();
        Assert.Equal([(long)vocabulary.Count, 8], table.shape);
        Assert.Equal(0, table.grad![CaptionVocabulary.PaddingIndex].abs().sum().item<float>());
        Assert.True(table.grad!.abs().sum().item<float>() > 0);
    }
}
