using System.Text;
using GenService.ML.Datasets;
using GenService.ML.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Evaluation;

/// <summary>
/// Trains a <see cref="FeatureNetwork"/> on a dataset's images with Adam and cross-entropy. Every random
/// draw of step t (minibatch, rotations) comes from a generator seeded by (seed, t), so the same seed
/// trains the same network.
/// </summary>
public sealed class FeatureNetworkTrainer : IDisposable
{
    public const string ModelMagic = "GenService.FeatureNetwork";

    private const int EvaluationBatchSize = 256;
    private const long InitialisationStream = -1;

    private readonly FeatureNetworkSettings settings;
    private readonly DatasetTensors train;
    private readonly Device device;
    private readonly long seed;
    private readonly FeatureNetwork network;
    private readonly Adam optimizer;
    private readonly int batchSize;

    /// <param name="train">Training images; their labels are used when <see cref="FeatureTasks.For"/> picks classes.</param>
    public FeatureNetworkTrainer(FeatureNetworkSettings settings, DatasetTensors train, Device device, long seed)
    {
        if (FeatureNetworkArchitecture.Check(train.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(train));
        if (train.Count == 0)
            throw new ArgumentException("The feature network needs at least one training image.", nameof(train));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1, nameof(settings));

        this.settings = settings;
        this.train = train;
        this.device = device;
        this.seed = seed;
        Task = FeatureTasks.For(train);
        batchSize = (int)Math.Min(settings.BatchSize, train.Count);
        network = new FeatureNetwork(new FeatureNetworkArchitecture(train.Shape, FeatureTasks.Outputs(Task, train), settings.BaseChannels));
        using (var generator = new Generator(SeededNoise.DeriveSeed(seed, InitialisationStream)))
            network.ResetParameters(generator);
        network.to(device);
        optimizer = optim.Adam(network.parameters(), settings.LearningRate);
    }

    public FeatureTask Task { get; }

    public FeatureNetworkArchitecture Architecture => network.Architecture;

    /// <summary>Runs all <see cref="FeatureNetworkSettings.Steps"/> steps, stopping between steps when cancelled.</summary>
    /// <returns>The mean loss of the last 10 % of the steps.</returns>
    public double Train(CancellationToken cancellationToken) => MeasuringNetworkTraining.Run(settings.Steps, Step, cancellationToken);

    /// <returns>The step's cross-entropy.</returns>
    public double Step(long step)
    {
        using var scope = NewDisposeScope();
        network.train();
        using var generator = new Generator(SeededNoise.DeriveSeed(seed, step));
        var indices = randperm(train.Count, generator: generator).narrow(0, 0, batchSize);
        var images = train.Batch(indices, device);
        Tensor targets;
        if (Task == FeatureTask.Classes)
        {
            targets = train.Labels!.index_select(0, indices).to(device);
        }
        else
        {
            targets = randint(0, FeatureTasks.RotationCount, [batchSize], dtype: ScalarType.Int64, generator: generator).to(device);
            images = Rotate(images, targets);
        }

        var loss = F.cross_entropy(network.forward(images), targets);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Share of the held-out images whose class (or, for rotation, each of whose four turns) the network gets right.</summary>
    public double Accuracy(DatasetTensors heldOut)
    {
        if (heldOut.Shape != train.Shape)
            throw new ArgumentException($"Held-out images are {heldOut.Shape}, training images {train.Shape}.", nameof(heldOut));
        if (Task == FeatureTask.Classes && heldOut.Labels is null)
            throw new ArgumentException("The network predicts classes, but the held-out images have no labels.", nameof(heldOut));
        if (heldOut.Count == 0)
            throw new ArgumentException("There are no held-out images.", nameof(heldOut));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.eval();
        long correct = 0, total = 0;
        for (long start = 0; start < heldOut.Count; start += EvaluationBatchSize)
        {
            using var batchScope = NewDisposeScope();
            var indices = arange(start, Math.Min(start + EvaluationBatchSize, heldOut.Count), dtype: ScalarType.Int64);
            var images = heldOut.Batch(indices, device);
            if (Task == FeatureTask.Classes)
            {
                correct += Correct(images, heldOut.Labels!.index_select(0, indices).to(device));
                total += indices.shape[0];
                continue;
            }
            for (var turn = 0; turn < FeatureTasks.RotationCount; turn++)
            {
                var targets = full(indices.shape[0], turn, ScalarType.Int64, device);
                correct += Correct(images.rot90(turn, (2, 3)), targets);
                total += indices.shape[0];
            }
        }
        return (double)correct / total;
    }

    /// <summary>Architecture header, then the weights and normalisation statistics; <see cref="FeatureExtractor.Load"/> reads them.</summary>
    public void Export(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        network.Architecture.Write(writer, ModelMagic);
        network.save(writer);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        network.Dispose();
    }

    private long Correct(Tensor images, Tensor targets) =>
        network.forward(images).argmax(1).eq(targets).sum().item<long>();

    /// <summary>Turns image i by turns[i] quarter turns.</summary>
    /// <param name="images">[N, C, S, S]</param>
    /// <param name="turns">[N] int64 in 0..3</param>
    private static Tensor Rotate(Tensor images, Tensor turns)
    {
        var rotated = images.clone();
        for (var turn = 1; turn < FeatureTasks.RotationCount; turn++)
        {
            var selected = turns.eq(turn).nonzero().squeeze(1);
            if (selected.shape[0] > 0)
                rotated.index_copy_(0, selected, images.index_select(0, selected).rot90(turn, (2, 3)));
        }
        return rotated;
    }
}
