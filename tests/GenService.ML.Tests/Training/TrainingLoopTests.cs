using System.Runtime.InteropServices;
using GenService.ML.Families;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Training;

public sealed class TrainingLoopTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"loop-{Guid.NewGuid():N}");

    public TrainingLoopTests() => _ = TestTorch.Runtime;

    [Fact]
    public void SnapshotsTheSameSeedsAtTheStartOnScheduleAndAtTheEnd()
    {
        var trainer = new CountingTrainer();
        var observer = new RecordingObserver();

        TrainingLoop.Run(trainer, new TrainingSchedule(25, SnapshotEvery: 10, SnapshotImages: 3), new CheckpointStore(directory), observer, CancellationToken.None);

        Assert.Equal([0L, 10L, 20L, 25L], observer.Snapshots.Select(s => s.Step));
        Assert.All(observer.Snapshots, s => Assert.Equal([3L, 1, 2, 2], s.Shape));
        Assert.All(trainer.PreviewSeeds, seeds => Assert.Equal([0L, 1L, 2L], seeds));
        Assert.Equal(4, trainer.PreviewSeeds.Count);
    }

    [Fact]
    public void AResumedRunTakesNoSecondSnapshotOfItsStart()
    {
        var checkpoints = new CheckpointStore(directory);
        TrainingLoop.Run(new CountingTrainer(), new TrainingSchedule(10, SnapshotEvery: 5), checkpoints, new RecordingObserver(), CancellationToken.None);
        var observer = new RecordingObserver();

        TrainingLoop.Run(new CountingTrainer(), new TrainingSchedule(20, SnapshotEvery: 5), checkpoints, observer, CancellationToken.None);

        Assert.Equal([15L, 20L], observer.Snapshots.Select(s => s.Step));
    }

    [Fact]
    public void ALossReportedOnSomeStepsIsAveragedOverThoseSteps()
    {
        var observer = new RecordingObserver();

        TrainingLoop.Run(new CountingTrainer(), new TrainingSchedule(10, ReportEvery: 10), new CheckpointStore(directory), observer, CancellationToken.None);

        var losses = Assert.Single(observer.Progress);
        Assert.Equal(4.5, losses["loss"]);          // steps 0..9
        Assert.Equal(1.5, losses["every_third"]);   // 0, 1, 2 and 3 from steps 0, 3, 6 and 9 only
    }

    [Fact]
    public void ANonFiniteLossOnceSendsTheRunBackToItsLastCheckpointAndItFinishes()
    {
        var trainer = new CountingTrainer(nanAtStep: 7, nanTimes: 1);
        var observer = new RecordingObserver();

        TrainingLoop.Run(trainer, new TrainingSchedule(10, ReportEvery: 5, CheckpointEvery: 5), new CheckpointStore(directory), observer, CancellationToken.None);

        Assert.Equal([(7L, 5L, "loss loss was NaN")], observer.Rollbacks);
        Assert.Equal([5L, 10L], observer.Checkpoints);
        Assert.Equal([5L], trainer.Loaded);
        Assert.All(observer.Progress, losses => Assert.True(double.IsFinite(losses["loss"])));
    }

    [Fact]
    public void BeforeTheFirstCheckpointARollbackGoesBackToTheStart()
    {
        var trainer = new CountingTrainer(nanAtStep: 2, nanTimes: 1);
        var observer = new RecordingObserver();

        TrainingLoop.Run(trainer, new TrainingSchedule(4, CheckpointEvery: 5), new CheckpointStore(directory), observer, CancellationToken.None);

        Assert.Equal([(2L, 0L, "loss loss was NaN")], observer.Rollbacks);
        Assert.Equal([0L], trainer.Loaded);
    }

    [Fact]
    public void ALossThatStaysNotANumberFailsTheRunAfterItsRollbacks()
    {
        var observer = new RecordingObserver();

        var diverged = Assert.Throws<TrainingDivergedException>(() =>
            TrainingLoop.Run(new CountingTrainer(nanAtStep: 7), new TrainingSchedule(20, ReportEvery: 5, CheckpointEvery: 5, MaxRollbacks: 2), new CheckpointStore(directory), observer, CancellationToken.None));

        Assert.Equal(("loss", 7L), (diverged.Loss, diverged.Step));
        Assert.Contains("learning rate", diverged.Message);
        Assert.Equal(2, observer.Rollbacks.Count);
        Assert.Equal([5L], observer.Checkpoints);
    }

    [Fact]
    public void AStepThatLibtorchFailsOnceIsReplayedFromTheLastCheckpointAndTheRunFinishes()
    {
        var trainer = new CountingTrainer(throwAtStep: 7, throwTimes: 1);
        var observer = new RecordingObserver();

        TrainingLoop.Run(trainer, new TrainingSchedule(10, ReportEvery: 5, CheckpointEvery: 5), new CheckpointStore(directory), observer, CancellationToken.None);

        Assert.Equal([(7L, 5L, "libtorch failed: Unknown scalar type.")], observer.Rollbacks);
        Assert.Equal([5L, 10L], observer.Checkpoints);
        Assert.Equal([5L], trainer.Loaded);
    }

    [Fact]
    public void ALibtorchErrorThatComesBackEveryTimeFailsTheRunWithItAfterItsRollbacks()
    {
        var observer = new RecordingObserver();

        var error = Assert.Throws<ExternalException>(() =>
            TrainingLoop.Run(new CountingTrainer(throwAtStep: 7), new TrainingSchedule(20, ReportEvery: 5, CheckpointEvery: 5, MaxRollbacks: 2), new CheckpointStore(directory), observer, CancellationToken.None));

        Assert.StartsWith("Unknown scalar type.", error.Message);
        Assert.Equal(2, observer.Rollbacks.Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    /// <summary>Reports its step as its loss, and NaN at <c>nanAtStep</c> the first <c>nanTimes</c> times
    /// it gets there; throws libtorch's error at <c>throwAtStep</c> the first <c>throwTimes</c> times. Its
    /// checkpoint is the step it was saved at, so a test sees where it was rolled back to.</summary>
    private sealed class CountingTrainer(long nanAtStep = -1, int nanTimes = int.MaxValue, long throwAtStep = -1, int throwTimes = int.MaxValue) : ITrainer
    {
        private long steps;
        private long position;
        private int nans;
        private int throws;

        public List<long> Loaded { get; } = [];

        public List<long[]> PreviewSeeds { get; } = [];

        public IReadOnlyDictionary<string, double> Step(long step)
        {
            steps++;
            if (step == throwAtStep && throws++ < throwTimes)
                throw new ExternalException("Unknown scalar type.\nException raised from type at /pytorch/c10/core/Scalar.h:339");
            var diverges = step == nanAtStep && nans < nanTimes;
            if (diverges)
                nans++;
            position = step + 1;
            var losses = new Dictionary<string, double> { ["loss"] = diverges ? double.NaN : step };
            if (step % 3 == 0)
                losses["every_third"] = step / 3;
            return losses;
        }

        public IReadOnlyDictionary<string, double> Evaluate() => new Dictionary<string, double> { ["steps"] = steps };

        public Tensor Preview(IReadOnlyList<long> seeds)
        {
            PreviewSeeds.Add([.. seeds]);
            return zeros(seeds.Count, 1, 2, 2);
        }

        public void SaveCheckpoint(Stream stream) => stream.Write(BitConverter.GetBytes(position));

        public void LoadCheckpoint(Stream stream)
        {
            var bytes = new byte[sizeof(long)];
            stream.ReadExactly(bytes);
            position = BitConverter.ToInt64(bytes);
            Loaded.Add(position);
        }

        public void ExportModel(Stream stream) => stream.WriteByte(2);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<(long Step, long[] Shape)> Snapshots { get; } = [];

        public List<IReadOnlyDictionary<string, double>> Progress { get; } = [];

        public void OnProgress(long step, long totalSteps, IReadOnlyDictionary<string, double> losses) =>
            Progress.Add(losses);

        public void OnEvaluation(long step, IReadOnlyDictionary<string, double> metrics)
        {
        }

        public List<long> Checkpoints { get; } = [];

        public List<(long FailedAt, long ResumedFrom, string Cause)> Rollbacks { get; } = [];

        public void OnRollback(long failedAt, long resumedFrom, string cause) => Rollbacks.Add((failedAt, resumedFrom, cause));

        public void OnCheckpoint(long step, string path) => Checkpoints.Add(step);

        public void OnSnapshot(long step, Tensor images) =>
            Snapshots.Add((step, images.shape));
    }
}
