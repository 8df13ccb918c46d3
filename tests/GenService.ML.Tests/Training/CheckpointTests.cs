using System.Text;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using GenService.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Training;

/// <summary>The shared checkpoint layout, over a tiny stand-in trainer: a linear layer, its Adam and a step count.</summary>
public sealed class CheckpointTests
{
    private const string Magic = "GenService.Test.Checkpoint";
    private static readonly VaeArchitecture Architecture = new(new ImageShape(1, 16, 16), LatentDim: 4, BaseChannels: 4, MinDecoderStd: 0.01, DecoderVariance.Shared);

    public CheckpointTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_checkpoint_read_back_restores_every_part_and_writes_the_same_bytes()
    {
        using var saved = new StandIn(seed: 1, steps: 2);
        var bytes = Write(saved);
        using var loaded = new StandIn(seed: 2, steps: 0);

        Read(bytes, loaded);

        Assert.Equal(2, loaded.Steps);
        Assert.Equal(saved.Weights(), loaded.Weights());
        Assert.Equal(bytes, Write(loaded));
    }

    [Fact]
    public void A_file_of_another_kind_is_refused_by_its_magic()
    {
        using var standIn = new StandIn(seed: 1, steps: 0);
        using var stream = new MemoryStream();
        Checkpoint.Write(stream, writer => Architecture.Write(writer, "GenService.Test.Model"), standIn.Parts());

        var error = Assert.Throws<InvalidDataException>(() => Read(stream.ToArray(), standIn));
        Assert.Contains("GenService.Test.Model", error.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var standIn = new StandIn(seed: 1, steps: 0);
        using var stream = new MemoryStream(Write(standIn));

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(
            stream, reader => VaeArchitecture.Read(reader, Magic), Architecture with { LatentDim = 8 }, standIn.Parts()));
        Assert.Contains("this run trains", error.Message);
    }

    [Fact]
    public void Another_format_version_is_refused()
    {
        using var standIn = new StandIn(seed: 1, steps: 0);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Checkpoint.Magic);
            writer.Write(Checkpoint.FormatVersion + 1);
        }

        var error = Assert.Throws<InvalidDataException>(() => Read(stream.ToArray(), standIn));
        Assert.Contains($"version {Checkpoint.FormatVersion + 1}", error.Message);
    }

    [Fact]
    public void A_checkpoint_cut_short_anywhere_is_refused()
    {
        using var saved = new StandIn(seed: 1, steps: 2);
        var bytes = Write(saved);
        using var loaded = new StandIn(seed: 2, steps: 0);

        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => Read(bytes[..length], loaded));
    }

    [Fact]
    public void A_missing_or_misplaced_part_is_named()
    {
        using var standIn = new StandIn(seed: 1, steps: 1);
        var bytes = Write(standIn);

        var missing = Assert.Throws<InvalidDataException>(() => Read(bytes, standIn, [.. standIn.Parts(), Scalar("epoch")]));
        Assert.Contains("part 'epoch'", missing.Message);
        var misplaced = Assert.Throws<InvalidDataException>(() => Read(bytes, standIn, [.. standIn.Parts().Reverse()]));
        Assert.Contains("Expected checkpoint part 'steps', found 'layer'", misplaced.Message);
    }

    [Fact]
    public void A_part_that_does_not_fit_the_network_is_refused()
    {
        using var standIn = new StandIn(seed: 1, steps: 0);
        var bytes = Write(standIn);
        using var wider = nn.Linear(4, 2);

        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, standIn, [CheckpointPart.Module("layer", wider)]));
        Assert.Contains("part 'layer'", error.Message);
    }

    [Fact]
    public void A_part_with_bytes_left_over_is_refused()
    {
        using var standIn = new StandIn(seed: 1, steps: 0);
        var bytes = Write(standIn);
        var readsNothing = new CheckpointPart("layer", _ => { }, _ => { });

        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, standIn, [readsNothing]));
        Assert.Contains("bytes more than this run reads", error.Message);
    }

    /// <summary>Format 1: the architecture record, then the parts back to back without names or lengths.</summary>
    [Fact]
    public void A_format_1_checkpoint_still_loads()
    {
        using var saved = new StandIn(seed: 1, steps: 2);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Architecture.Write(writer, Magic);
            foreach (var part in saved.Parts())
                part.Save(writer);
        }
        using var loaded = new StandIn(seed: 2, steps: 0);

        Read(stream.ToArray(), loaded);

        Assert.Equal(Write(saved), Write(loaded));
    }

    private static byte[] Write(StandIn standIn)
    {
        using var stream = new MemoryStream();
        Checkpoint.Write(stream, writer => Architecture.Write(writer, Magic), standIn.Parts());
        return stream.ToArray();
    }

    private static void Read(byte[] bytes, StandIn standIn, CheckpointPart[]? parts = null)
    {
        using var stream = new MemoryStream(bytes);
        Checkpoint.Read(stream, reader => VaeArchitecture.Read(reader, Magic), Architecture, parts ?? standIn.Parts());
    }

    private static CheckpointPart Scalar(string name) => new(name, writer => writer.Write(0L), reader => reader.ReadInt64());

    /// <summary>What a trainer holds: a network, its optimiser (with moments after the first step) and a count of its own.</summary>
    private sealed class StandIn : IDisposable
    {
        private readonly Linear layer;
        private readonly Adam optimizer;

        public StandIn(long seed, int steps)
        {
            layer = nn.Linear(3, 2);
            using (var generator = new Generator((ulong)seed))
                DefaultInitialisation.Apply(layer, generator);
            optimizer = optim.Adam(layer.parameters());
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                layer.forward(ones(5, 3)).square().sum().backward();
                optimizer.step();
            }
            Steps = steps;
        }

        public long Steps { get; private set; }

        public CheckpointPart[] Parts() =>
        [
            CheckpointPart.Module("layer", layer),
            CheckpointPart.Optimizer("optimizer", optimizer),
            new("steps", writer => writer.Write(Steps), reader => Steps = reader.ReadInt64()),
        ];

        public float[] Weights()
        {
            using var scope = NewDisposeScope();
            return cat(layer.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
        }

        public void Dispose()
        {
            optimizer.Dispose();
            layer.Dispose();
        }
    }
}
