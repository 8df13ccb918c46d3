using System.Runtime.InteropServices;
using System.Text;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Observability;
using GenService.ML.Families;
using GenService.ML.Runtime;
using Prometheus;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Inference;

/// <summary>A device worker whose model's forward pass libtorch fails, as TorchSharp's scalar race makes it fail.</summary>
public sealed class ForwardPassRetryTests
{
    private static readonly ComputeDevice Cpu = new("cpu", "cpu", "test CPU");
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly CapturedLogs logs = new();
    private readonly InferenceStatistics statistics;

    public ForwardPassRetryTests()
    {
        TorchRuntime.Initialize(new TorchRuntimeOptions());
        statistics = new InferenceStatistics(registry);
    }

    [Fact]
    public async Task A_pass_that_libtorch_fails_once_runs_again_and_answers_the_images()
    {
        var model = new FailingSampler(failures: 1);

        var result = await SampleAsync(model, [3, 7]);

        Assert.Null(result.Error);
        Assert.Equal(new byte[] { 3, 3, 3, 3, 7, 7, 7, 7 }, result.Value!.Pixels);
        Assert.Equal(2, model.Passes);
        Assert.Equal(1, statistics.Retried);
        Assert.Contains("genservice_inference_retries_total{architecture=\"failing\",operation=\"sample\"} 1", await ScrapeAsync());
        Assert.Contains(logs.Entries, entry => entry.Message.Contains("failed in libtorch (Unknown scalar type.); running it once more", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_failure_fails_the_request_as_any_error_does()
    {
        var model = new FailingSampler(failures: 2);

        await Assert.ThrowsAsync<ExternalException>(() => SampleAsync(model, [3]));

        Assert.Equal(2, model.Passes);
        Assert.Equal(1, statistics.Retried);
    }

    private async Task<ServiceResult<GeneratedPixels>> SampleAsync(FailingSampler model, IReadOnlyList<long> seeds)
    {
        using var worker = new DeviceWorker(Cpu, new InferenceOptions(), (_, _) => model, statistics, logs.CreateLogger("inference"));
        var request = new InferenceRequest(new ServedModel(Guid.NewGuid(), model.Architecture, "unused"), new SampleWork(seeds), CancellationToken.None);
        Assert.True(worker.TryEnqueue(request));
        return await request.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Fails its first passes with the message TorchSharp gives when a Scalar was freed under the call; then draws
    /// each seed as a 2x2 image of that pixel value.</summary>
    private sealed class FailingSampler(int failures) : IGenerativeModel, ISampler
    {
        public int Passes { get; private set; }

        public string Architecture => "failing";

        public ImageShape OutputShape => new(1, 2, 2);

        public torch.Device Device => CPU;

        public long ParameterBytes => 0;

        public Tensor Sample(IReadOnlyList<long> seeds)
        {
            if (++Passes <= failures)
                throw new ExternalException("Unknown scalar type.\nException raised from type at /pytorch/c10/core/Scalar.h:339");
            return tensor(seeds.Select(seed => seed / 255f).ToArray()).view(-1, 1, 1, 1).expand(-1, 1, 2, 2);
        }

        public void Dispose()
        {
        }
    }
}
