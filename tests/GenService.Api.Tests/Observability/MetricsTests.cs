using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GenService.Api.Tests.Models;

namespace GenService.Api.Tests.Observability;

public partial class MetricsTests(TrainedVaeFixture vae) : IClassFixture<TrainedVaeFixture>
{
    [Fact]
    public async Task MetricsShowWhatTheEngineAndTheHttpLayerDid()
    {
        var before = Value(await ScrapeAsync(), "genservice_inference_images_total{architecture=\"vae\"}");
        var sample = await vae.Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { count = 5, seed = 1 });
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);

        var metrics = await ScrapeAsync();

        Assert.Equal(before + 5, Value(metrics, "genservice_inference_images_total{architecture=\"vae\"}"));
        Assert.Equal(0, Value(metrics, "genservice_inference_queue_depth{device=\"cpu\"}"));
        Assert.True(Value(metrics, "genservice_inference_batch_images_count{device=\"cpu\"}") >= 1);
        Assert.True(Value(metrics, "genservice_inference_batch_requests_sum{device=\"cpu\"}") >= 1);
        Assert.True(Value(metrics, "genservice_inference_request_duration_seconds_count{architecture=\"vae\",operation=\"sample\"}") >= 1);
        Assert.True(Value(metrics, "genservice_inference_loaded_weights_bytes{device=\"cpu\"}") > 0);
        Assert.True(Value(metrics, "genservice_device_memory_bytes{device=\"cpu\"}") > 0);
        Assert.Contains("genservice_inference_rejected_total", metrics);
        Assert.Contains("process_working_set_bytes", metrics);
        // HTTP metrics are labelled by route pattern, never by a path with a model id in it.
        Assert.Contains("endpoint=\"/v1/models/{id:guid}/samples\"", metrics);
        Assert.DoesNotContain(vae.ModelId.ToString(), metrics);
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await vae.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one series in the text exposition format; 0 when it is absent.</summary>
    private static double Value(string metrics, string series)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
