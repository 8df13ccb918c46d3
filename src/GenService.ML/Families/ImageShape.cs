namespace GenService.ML.Families;

/// <summary>The shape of one image a model reads or writes: channels (1 or 3), height, width.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public long[] AsBatch(long count) => [count, Channels, Height, Width];
}
