using GenService.ML.Training;

namespace GenService.ML.Tests.Training;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"checkpoints-{Guid.NewGuid():N}");

    [Fact]
    public void Keeps_the_newest_checkpoints_and_every_exported_model()
    {
        var store = new CheckpointStore(directory, keep: 2);
        foreach (var step in new long[] { 100, 200, 300 })
            store.Write(step, stream => stream.WriteByte(1), stream => stream.WriteByte(2));

        Assert.Equal(300, store.Latest()?.Step);
        Assert.Equal(2, Directory.GetFiles(directory, "*.ckpt").Length);
        Assert.Equal([300L, 200L, 100L], store.Models().Select(m => m.Step));
        Assert.Equal([2], File.ReadAllBytes(store.Models()[0].Path));
    }

    [Fact]
    public void A_failed_write_leaves_no_file_behind()
    {
        var store = new CheckpointStore(directory);

        Assert.Throws<InvalidOperationException>(() =>
            store.Write(100, _ => throw new InvalidOperationException("disk full"), stream => stream.WriteByte(2)));

        Assert.Null(store.Latest());
        Assert.DoesNotContain(Directory.GetFiles(directory), path => path.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_store_has_nothing()
    {
        var store = new CheckpointStore(directory);

        Assert.Null(store.Latest());
        Assert.Empty(store.Models());
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }
}
