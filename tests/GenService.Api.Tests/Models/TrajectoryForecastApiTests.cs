using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Training;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny Social GAN trained through the API on simulated crowds, shared by a test class.</summary>
public sealed class TrainedSocialGanFixture : IAsyncLifetime
{
    public GenServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        var dataset = await SocialGanTrainingTests.ImportCrowdsAsync(Client);
        var run = await Client.StartRunAsync(dataset, SocialGanTrainingTests.TinySocialGan, architecture: "socialgan");
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        ModelId = finished["modelId"]!.GetValue<Guid>();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

public class TrajectoryForecastApiTests(TrainedSocialGanFixture fixture) : IClassFixture<TrainedSocialGanFixture>
{
    private static double[][] Walk(double x, double y, double dx, double dy, int steps = 8) =>
        [.. Enumerable.Range(0, steps).Select(i => new[] { x + (i * dx), y + (i * dy) })];

    private static readonly object[] Crossing =
    [
        new { observed = Walk(0, 5, 0.5, 0) },
        new { observed = Walk(5, 0, 0, 0.5), future = Walk(5, 4, 0, 0.5) },
        new { observed = Walk(9, 5, -0.5, 0, steps: 12) },
    ];

    private Task<HttpResponseMessage> PostAsync(object body) =>
        fixture.Client.PostAsJsonAsync($"/v1/models/{fixture.ModelId}/trajectories", body);

    private Task<HttpResponseMessage> PostAsync(string json) =>
        fixture.Client.PostAsync($"/v1/models/{fixture.ModelId}/trajectories", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task EachPersonGetsKFuturesAndTheSameSeedGivesTheSameNumbers()
    {
        var first = await PostAsync(new { people = Crossing, samples = 5, seed = 3 });
        var again = await PostAsync(new { people = Crossing, samples = 5, seed = 3 });
        var other = await PostAsync(new { people = Crossing, samples = 5, seed = 4 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var forecast = (await first.ReadJsonObjectAsync());
        Assert.Equal((5, 8, 0.4), (forecast["samples"]!.GetValue<int>(), forecast["predictedSteps"]!.GetValue<int>(), forecast["frameSeconds"]!.GetValue<double>()));
        var people = forecast["people"]!.AsArray();
        Assert.Equal(3, people.Count);
        Assert.All(people, person =>
        {
            Assert.Equal(5, person!["futures"]!.AsArray().Count);
            Assert.All(person["futures"]!.AsArray(), future => Assert.Equal(8, future!.AsArray().Count));
        });
        Assert.Equal(forecast.ToJsonString(), (await again.ReadJsonObjectAsync()).ToJsonString());
        Assert.NotEqual(forecast.ToJsonString(), (await other.ReadJsonObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task FormatPngPlotsTheScene()
    {
        var response = await PostAsync(new { people = Crossing, samples = 3, seed = 1, format = "png" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var plot = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((512, 512), (plot.Width, plot.Height));
    }

    [Theory]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1]]}]}""", "people[0].observed")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1, 2]]}]}""", "people[0].observed[1]")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1e300]]}]}""", "people[0].observed[1]")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, "NaN"]]}]}""", "people")]
    [InlineData("""{"people": []}""", "people")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1]], "future": [[0]]}]}""", "people[0].future[0]")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7]]}], "samples": 0}""", "samples")]
    [InlineData("""{"people": [{"observed": [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7]]}], "format": "gif"}""", "format")]
    public async Task BadInputIs400NamingTheField(string body, string field)
    {
        var response = await PostAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task ThousandsOfPeopleAre400NamingPeople()
    {
        var crowd = Enumerable.Range(0, 2000).Select(i => new { observed = Walk(i, 0, 0.5, 0) }).ToArray();

        var response = await PostAsync(new { people = crowd });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Give 1 to 64 people");
    }
}
