using System.Net;
using System.Net.Http.Json;

namespace GenService.Api.Tests.Inference;

public class InferenceBatchingTests(BatchingFixture host) : IClassFixture<BatchingFixture>
{
    [Theory]
    [InlineData(7)]
    [InlineData(32)]
    public async Task AnImageHasTheSameBytesAloneAndInsideAConcurrentBatch(int requests)
    {
        const long firstSeed = 40;
        var alone = await SampleAsync(firstSeed + 2);
        var lastAlone = await SampleAsync(firstSeed + requests - 1);

        // Hold the worker in a forward pass so the concurrent requests all wait in the queue together.
        host.Gate.Close();
        Task<HttpResponseMessage> blocker;
        Task<byte[]>[] batch;
        long batchesBefore;
        try
        {
            blocker = PostSampleAsync(1000);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            batch = Enumerable.Range(0, requests).Select(i => SampleAsync(firstSeed + i)).ToArray();
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == requests, $"{requests} requests are queued");
            batchesBefore = host.Statistics.Batches;
        }
        finally
        {
            host.Gate.Open();
        }
        Assert.Equal(HttpStatusCode.OK, (await blocker).StatusCode);
        var images = await Task.WhenAll(batch);

        Assert.Equal(batchesBefore + 1, host.Statistics.Batches);
        Assert.True(host.Statistics.LargestBatchRequests >= requests, $"largest batch {host.Statistics.LargestBatchRequests} requests");
        Assert.Equal(alone, images[2]);
        Assert.Equal(lastAlone, images[^1]);
        Assert.NotEqual(images[2], images[3]);
    }

    [Fact]
    public async Task AGridMergedWithOtherRequestsKeepsItsOwnImages()
    {
        var grid = await PostAsync(new { count = 9, seed = 70 });

        host.Gate.Close();
        Task<byte[]> merged;
        Task<byte[]>[] others;
        try
        {
            var blocker = PostSampleAsync(1000);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            others = [SampleAsync(3), SampleAsync(4)];
            merged = PostAsync(new { count = 9, seed = 70 });
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 3, "3 requests are queued");
        }
        finally
        {
            host.Gate.Open();
        }

        Assert.Equal(grid, await merged);
        Assert.Equal(await SampleAsync(3), await others[0]);
    }

    private Task<HttpResponseMessage> PostSampleAsync(long seed) =>
        host.Client.PostAsJsonAsync($"/v1/models/{host.ModelId}/samples", new { count = 1, seed, layout = "single" });

    private Task<byte[]> SampleAsync(long seed) => PostAsync(new { count = 1, seed, layout = "single" });

    private async Task<byte[]> PostAsync(object request)
    {
        var response = await host.Client.PostAsJsonAsync($"/v1/models/{host.ModelId}/samples", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }
}
