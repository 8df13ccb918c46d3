using System.Net;
using System.Net.Http.Json;
using System.Text;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Inference;

public class InferenceBackpressureTests(BackpressureFixture host) : IClassFixture<BackpressureFixture>
{
    private string Samples => $"/v1/models/{host.ModelId}/samples";

    [Fact]
    public async Task AFullQueueIsRefusedWith429AndAWaitPastTheDeadlineWith503()
    {
        host.Gate.Close();
        Task<HttpResponseMessage> running, queued;
        HttpResponseMessage refused;
        try
        {
            running = Sample(1);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            queued = Sample(2);
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 1, "the queue of one is full");

            refused = await Sample(3);
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "queue is full");
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);

            // Both the queued request and the one stuck in its forward pass pass the 3 s deadline.
            await (await queued).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "not ready within 3 s");
            await (await running).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            host.Gate.Open();
        }

        // An expired request keeps its queue slot until the worker reaches it and skips it, unrun;
        // then the next request is served: nothing stays stuck.
        await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 0, "the worker empties the queue");
        Assert.Equal(HttpStatusCode.OK, (await Sample(4)).StatusCode);
        Assert.DoesNotContain(2L, host.Gate.SampledSeeds);
        Assert.True(host.Statistics.Rejected >= 1);
    }

    [Fact]
    public async Task TheGateRefusesBeforeReadingTheBodyWithRetryAfterAndTheRequestId()
    {
        var rejectedBefore = host.Statistics.Rejected;
        host.Gate.Close();
        Task<HttpResponseMessage> running, queued;
        try
        {
            running = Sample(21);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            queued = Sample(22);
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 1, "the queue of one is full");

            // Not JSON: the handler would answer 400, so a 429 shows the body was never read.
            using var request = new HttpRequestMessage(HttpMethod.Post, Samples) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Request-Id", "overload-check-1");
            var refused = await host.Client.SendAsync(request);

            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "queue is full");
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("overload-check-1", refused.Headers.GetValues("X-Request-Id").Single());
            var problem = await refused.ReadJsonObjectAsync();
            Assert.Equal("overload-check-1", problem["requestId"]!.GetValue<string>());
            Assert.Equal("Too many requests.", problem["title"]!.GetValue<string>());
            Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem["type"]!.GetValue<string>());
            Assert.Equal(rejectedBefore + 1, host.Statistics.Rejected);
        }
        finally
        {
            host.Gate.Open();
        }

        await Task.WhenAll(running, queued);
        await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 0, "the worker empties the queue");
    }

    [Fact]
    public async Task AClientThatLeavesIsDroppedBeforeItsImagesAreComputed()
    {
        const long leavingSeed = 777_777;
        var abandonedBefore = host.Statistics.Abandoned;
        host.Gate.Close();
        Task<HttpResponseMessage> running;
        try
        {
            running = Sample(11);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            using var leave = new CancellationTokenSource();
            var leaving = host.Client.PostAsJsonAsync(Samples, new { count = 4, seed = leavingSeed }, leave.Token);
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 1, "the leaving request is queued");

            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        }
        finally
        {
            host.Gate.Open();
        }

        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Abandoned > abandonedBefore, "the worker drops the request");
        Assert.Equal(HttpStatusCode.OK, (await Sample(12)).StatusCode);
        Assert.DoesNotContain(host.Gate.SampledSeeds, seed => seed is >= leavingSeed and < leavingSeed + 4);
    }

    private Task<HttpResponseMessage> Sample(long seed) =>
        host.Client.PostAsJsonAsync(Samples, new { count = 1, seed, layout = "single" });
}
