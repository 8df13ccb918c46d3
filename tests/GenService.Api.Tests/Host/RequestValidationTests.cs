using System.Net;
using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Host;

/// <summary>A bad request gets one 400 that names every bad field, typed choices included.</summary>
public class RequestValidationTests : IDisposable
{
    private readonly GenServiceFactory factory = new();
    private readonly HttpClient client;

    public RequestValidationTests() => client = factory.CreateClient();

    [Fact]
    public async Task ThreeBadFieldsAreReportedTogether()
    {
        // Checked before the model is looked up, so any id does.
        var response = await client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/samples", new { count = 0, columns = 0, truncation = 5 });

        var errors = await ErrorsAsync(response);
        Assert.Equal(["columns", "count", "truncation"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task ATrainingRunNamesEveryBadFieldHyperparametersIncluded()
    {
        var response = await client.PostAsJsonAsync("/v1/training-runs",
            new { architecture = "vae", modelName = "", hyperparameters = new { steps = 0, latent_dim = 1.5 } });

        var errors = await ErrorsAsync(response);
        Assert.Equal(["datasetId", "hyperparameters.latent_dim", "hyperparameters.steps", "modelName"], errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("samples", "{\"format\":\"bmp\"}", "format", "png, jpeg or webp")]
    [InlineData("samples", "{\"layout\":\"mosaic\"}", "layout", "grid or single")]
    [InlineData("interpolate", "{\"space\":\"x\"}", "space", "z or w")]
    [InlineData("interpolate", "{\"format\":3.5}", "format", "png, jpeg, webp or gif")]
    [InlineData("style-mixing", "{\"styles\":\"tiny\"}", "styles", "coarse, middle or fine")]
    public async Task AnUnknownChoiceNamesTheFieldAndWhatItTakes(string route, string body, string field, string allowed)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/v1/models/{Guid.NewGuid()}/{route}", content);

        var errors = await ErrorsAsync(response);
        var message = Assert.Single(Assert.Contains(field, errors));
        Assert.Contains(allowed, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JPG")]
    [InlineData(" image/webp ")]
    public async Task ChoicesIgnoreCaseAndTakeTheOldSpellings(string format)
    {
        using var content = new StringContent($"{{\"count\":1,\"format\":\"{format}\"}}", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/v1/models/{Guid.NewGuid()}/samples", content);

        // Read and checked, then refused only for the unknown model: the spelling passed.
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/datasets?limit=0")]
    [InlineData("/v1/models?limit=501")]
    public async Task ListsRefuseALimitOutOfRange(string url) =>
        Assert.Contains("limit", await ErrorsAsync(await client.GetAsync(url)));

    private static async Task<Dictionary<string, List<string>>> ErrorsAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonObjectAsync();
        return problem["errors"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToList());
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
