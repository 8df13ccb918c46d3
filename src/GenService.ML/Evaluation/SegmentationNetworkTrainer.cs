using GenService.ML.Datasets;
using GenService.ML.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Evaluation;

/// <summary>
/// Trains a <see cref="SegmentationNetwork"/> on a label-map dataset with Adam and per-pixel cross-entropy that
/// ignores the dataset's "don't care" pixels. Step t's minibatch comes from a generator seeded by (seed, t),
/// so the same seed trains the same network.
/// </summary>
public sealed class SegmentationNetworkTrainer : IDisposable
{
    private const long InitialisationStream = -1;

    /// <summary>PyTorch's default ignore_index: no class index (0 to 255) ever has it.</summary>
    private const long NothingIgnored = -100;

    private readonly SegmentationNetworkSettings settings;
    private readonly LabelMapSet train;
    private readonly Device device;
    private readonly long seed;
    private readonly SegmentationNetwork network;
    private readonly Adam optimizer;
    private readonly int batchSize;

    public SegmentationNetworkTrainer(SegmentationNetworkSettings settings, LabelMapSet train, Device device, long seed)
    {
        if (train.Count == 0)
            throw new ArgumentException("The segmentation network needs at least one training image.", nameof(train));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Steps, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1, nameof(settings));
        var shape = new ImageShape((int)train.Images.shape[1], (int)train.Images.shape[2], (int)train.Images.shape[3]);
        var architecture = new SegmentationNetworkArchitecture(shape, ClassCount(train), settings.BaseChannels, settings.Levels);
        if (architecture.Check() is { } reason)
            throw new ArgumentException(reason, nameof(train));

        this.settings = settings;
        this.train = train;
        this.device = device;
        this.seed = seed;
        batchSize = (int)Math.Min(settings.BatchSize, train.Count);
        network = new SegmentationNetwork(architecture);
        using (var generator = new Generator(SeededNoise.DeriveSeed(seed, InitialisationStream)))
            network.ResetParameters(generator);
        network.to(device);
        optimizer = optim.Adam(network.parameters(), settings.LearningRate);
    }

    public SegmentationNetworkArchitecture Architecture => network.Architecture;

    /// <summary>Logits for class indices 0 to the highest class index that is not "don't care" (Cityscapes' 255
    /// would otherwise cost 256 logits).</summary>
    public static int ClassCount(LabelMapSet set)
    {
        var indices = set.Classes.Select(c => c.Index).Where(index => index != set.DontCareIndex).ToList();
        if (indices.Count < 2)
            throw new ArgumentException("A segmentation network needs at least two classes besides \"don't care\".", nameof(set));
        return indices.Max() + 1;
    }

    /// <summary>Runs all <see cref="SegmentationNetworkSettings.Steps"/> steps, stopping between steps when cancelled.</summary>
    /// <returns>The mean loss of the last 10 % of the steps.</returns>
    public double Train(CancellationToken cancellationToken) => MeasuringNetworkTraining.Run(settings.Steps, Step, cancellationToken);

    /// <returns>The step's mean cross-entropy over the pixels that count.</returns>
    public double Step(long step)
    {
        using var scope = NewDisposeScope();
        network.train();
        using var generator = new Generator(SeededNoise.DeriveSeed(seed, step));
        var indices = randperm(train.Count, generator: generator).narrow(0, 0, batchSize);
        var images = train.Images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(255f);   // [B, C, H, W]
        var targets = train.Maps.index_select(0, indices).to(device).to_type(ScalarType.Int64);                // [B, H, W]

        var loss = F.cross_entropy(network.forward(images), targets, ignore_index: train.DontCareIndex ?? NothingIgnored);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Writes the network as <see cref="SegmentationNetworkFile"/> stores it; <see cref="Segmenter.Load(Stream, Device)"/> reads it.</summary>
    public void Export(Stream stream) => SegmentationNetworkFile.Write(network, stream);

    public void Dispose()
    {
        optimizer.Dispose();
        network.Dispose();
    }
}
