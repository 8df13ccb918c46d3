using System.Net;
using System.Net.Http.Json;

namespace GenService.Api.Tests.Inference;

/// <summary>The shipped admission settings: a queue that holds whatever is served well within the deadline.</summary>
public class AdmissionTests(AdmissionFixture host) : IClassFixture<AdmissionFixture>
{
    [Fact]
    public async Task TwiceTheOldQueueOfWellBehavedClientsIsServedWhenTheirWaitIsShort()
    {
        // A few batches first, so that the measured time per image, not only the cap, decides.
        for (var seed = 0; seed < 3; seed++)
            Assert.Equal(HttpStatusCode.OK, (await Sample(seed)).StatusCode);

        host.Gate.Close();
        Task<HttpResponseMessage> running;
        List<Task<HttpResponseMessage>> queued;
        try
        {
            running = Sample(100);
            await host.Gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            queued = Enumerable.Range(0, 128).Select(i => Sample(200 + i)).ToList();
            await GatedVaeFixture.WaitUntilAsync(() => host.Statistics.Queued == 128, "128 requests are queued at once");
        }
        finally
        {
            host.Gate.Open();
        }

        var responses = await Task.WhenAll(queued.Append(running));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(0, host.Statistics.Rejected);
    }

    private Task<HttpResponseMessage> Sample(long seed) =>
        host.Client.PostAsJsonAsync($"/v1/models/{host.ModelId}/samples", new { count = 1, seed, layout = "single" });
}
