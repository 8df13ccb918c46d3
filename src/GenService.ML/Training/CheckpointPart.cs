using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Training;

/// <summary>One named piece of a <see cref="Checkpoint"/>: how a trainer writes it and reads it back.</summary>
/// <remarks>A scalar of the trainer's own is a part too, e.g.
/// <c>new CheckpointPart("completed steps", writer => writer.Write(steps), reader => steps = reader.ReadInt64())</c>.</remarks>
public sealed record CheckpointPart(string Name, Action<BinaryWriter> Save, Action<BinaryReader> Load)
{
    /// <summary>A network's parameters and buffers: batch norm statistics, StyleGAN's w̄.</summary>
    public static CheckpointPart Module(string name, nn.Module module) =>
        new(name, writer => module.save(writer), reader => module.load(reader));

    /// <summary>An optimiser's state: Adam's moments and step counts, RMSProp's averages.</summary>
    public static CheckpointPart Optimizer(string name, OptimizerHelper optimizer) =>
        new(name, optimizer.save_state_dict, optimizer.load_state_dict);
}
