using GenService.ML.Families;

namespace GenService.ML.Tests.Families;

/// <summary>What a trainer writes, as bytes to compare.</summary>
public static class TrainerBytes
{
    public static byte[] Export(ITrainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.ExportModel(stream);
        return stream.ToArray();
    }

    public static byte[] Checkpoint(ITrainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}
