using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GenService.Api.Auth;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Auth;

public sealed partial class TenancyTests(TenantsFixture tenants) : IClassFixture<TenantsFixture>
{
    [Fact]
    public async Task EveryRouteWithAnIdAnswersAnotherAccountAsIfTheIdDidNotExist()
    {
        var routes = tenants.Factory.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(route => route.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true && route.RoutePattern.Parameters.Count > 0)
            .Where(route => route.Metadata.OfType<RequiredScope>().Last().Scope != ApiScope.Admin)
            .ToList();
        Assert.True(routes.Count > 30, $"Only {routes.Count} routes with an id: are the endpoints all mapped?");

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var method = route.Metadata.OfType<HttpMethodMetadata>().Single().HttpMethods.Single();
            var template = route.RoutePattern.RawText!;
            var othersRecord = await SendAsync(tenants.B, method, template, Owned(template));
            var missing = await SendAsync(tenants.B, method, template, Missing(template));

            if (othersRecord.Status != HttpStatusCode.NotFound || Normalised(othersRecord.Body) != Normalised(missing.Body))
                wrong.Add($"{method} {template}: {othersRecord.Status} {othersRecord.Body}, where a missing id gets {missing.Status} {missing.Body}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Nothing was changed by B's deletes and cancels.
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/datasets/{tenants.DatasetId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/models/{tenants.ModelId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/training-runs/{tenants.RunId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/models/{tenants.ModelId}/evaluations/{tenants.EvaluationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/datasets/{tenants.DatasetId}/feature-networks/{tenants.FeatureNetworkId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/generations/{tenants.GenerationId}")).StatusCode);
    }

    [Fact]
    public async Task AModelItsOwnerJustSampledIsNotServedToAnotherAccount()
    {
        var path = $"/v1/models/{tenants.ModelId}/samples";
        Assert.Equal(HttpStatusCode.OK, (await tenants.A.PostAsJsonAsync(path, new { count = 1, seed = 1 })).StatusCode);

        var others = await tenants.B.PostAsJsonAsync(path, new { count = 1, seed = 1 });

        await others.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListsShowTheCallersRecordsAndAdminsSeeEveryAccounts()
    {
        var (_, c) = await tenants.CreateAccountAsync("c");
        using var client = c;
        var ownDataset = await client.ImportFashionMnistAsync(limit: 20);

        Assert.Equal([ownDataset], await IdsAsync(client, "/v1/datasets"));
        Assert.Empty(await IdsAsync(client, "/v1/models"));
        Assert.Empty(await IdsAsync(client, "/v1/training-runs"));
        Assert.DoesNotContain(ownDataset, await IdsAsync(tenants.A, "/v1/datasets"));
        Assert.Contains(tenants.DatasetId, await IdsAsync(tenants.A, "/v1/datasets"));
        Assert.Contains(tenants.ModelId, await IdsAsync(tenants.A, "/v1/models"));
        Assert.Contains(tenants.RunId, await IdsAsync(tenants.A, "/v1/training-runs"));
        var everyDataset = await IdsAsync(tenants.Admin, "/v1/datasets");
        Assert.Contains(ownDataset, everyDataset);
        Assert.Contains(tenants.DatasetId, everyDataset);
        Assert.Contains(tenants.ModelId, await IdsAsync(tenants.Admin, "/v1/models"));
        Assert.Equal(HttpStatusCode.OK, (await tenants.Admin.GetAsync($"/v1/generations/{tenants.GenerationId}")).StatusCode);
    }

    [Fact]
    public async Task EachAccountImportingABuiltInDatasetGetsItsOwn()
    {
        var (_, d) = await tenants.CreateAccountAsync("d");
        var (_, e) = await tenants.CreateAccountAsync("e");
        using var first = d;
        using var second = e;

        var firstDataset = await first.ImportFashionMnistAsync(limit: 20);
        var secondDataset = await second.ImportFashionMnistAsync(limit: 20);

        Assert.NotEqual(firstDataset, secondDataset);
        Assert.Equal([firstDataset], await IdsAsync(first, "/v1/datasets"));
        Assert.Equal([secondDataset], await IdsAsync(second, "/v1/datasets"));
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/v1/datasets/{firstDataset}")).StatusCode);
    }

    [Fact]
    public async Task ARunOnAnotherAccountsDatasetIsRefusedAsOnAMissingOne()
    {
        var hyperparameters = new { steps = 2 };

        var others = await tenants.B.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = tenants.DatasetId, hyperparameters });
        var missing = await tenants.B.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = Guid.NewGuid(), hyperparameters });

        await others.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(Normalised(await missing.Content.ReadAsStringAsync()), Normalised(await others.Content.ReadAsStringAsync()));
        Assert.Empty(await IdsAsync(tenants.B, "/v1/training-runs"));
    }

    [Fact]
    public async Task AGenerationAnAdminMakesWithAnAccountsModelIsThatAccounts()
    {
        var response = await tenants.Admin.PostAsJsonAsync($"/v1/models/{tenants.ModelId}/generations", new { count = 1, seed = 2 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var generationId = (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, (await tenants.A.GetAsync($"/v1/generations/{generationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenants.B.GetAsync($"/v1/generations/{generationId}")).StatusCode);
    }

    [Fact]
    public async Task AnAdminsRecordsBelongToTheOperatorAccount()
    {
        var datasetId = await tenants.Admin.ImportFashionMnistAsync(limit: 20);

        Assert.DoesNotContain(datasetId, await IdsAsync(tenants.A, "/v1/datasets"));
        var accounts = (await tenants.Admin.GetFromJsonAsync<JsonArray>("/v1/accounts"))!;
        Assert.Contains(accounts, account => account!["name"]!.GetValue<string>() == "operator");
    }

    private string OwnedId(string parameter, string template) => (parameter, template) switch
    {
        ("datasetId", _) => tenants.DatasetId.ToString(),
        ("evaluationId", _) => tenants.EvaluationId.ToString(),
        ("step", _) => "20",
        ("index", _) => "0",
        ("id", _) when template.Contains("/feature-networks/", StringComparison.Ordinal) => tenants.FeatureNetworkId.ToString(),
        ("id", _) when template.StartsWith("/v1/datasets/", StringComparison.Ordinal) => tenants.DatasetId.ToString(),
        ("id", _) when template.StartsWith("/v1/models/", StringComparison.Ordinal) => tenants.ModelId.ToString(),
        ("id", _) when template.StartsWith("/v1/training-runs/", StringComparison.Ordinal) => tenants.RunId.ToString(),
        ("id", _) when template.StartsWith("/v1/generations/", StringComparison.Ordinal) => tenants.GenerationId.ToString(),
        _ => throw new InvalidOperationException($"No record of A for {{{parameter}}} in {template}: teach the test which record it names."),
    };

    /// <summary>The path to A's records.</summary>
    private string Owned(string template) =>
        Parameter().Replace(template, match => OwnedId(match.Groups["name"].Value, template));

    /// <summary>The path with a new id wherever A's has one, and A's steps and indexes.</summary>
    private string Missing(string template) =>
        Parameter().Replace(template, match =>
        {
            var owned = OwnedId(match.Groups["name"].Value, template);
            return Guid.TryParse(owned, out _) ? Guid.NewGuid().ToString() : owned;
        });

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string template, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Body(template) : null };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A body that passes the route's own checks, so that only the id can be what it refuses.</summary>
    private static HttpContent Body(string template)
    {
        var operation = template[(template.LastIndexOf('/') + 1)..];
        if (operation is "reconstruct" or "super-resolve" or "label-map-to-image")
        {
            var image = new ByteArrayContent(TestArchives.Gray(128));
            image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            return new MultipartFormDataContent { { image, operation == "label-map-to-image" ? "labelMap" : "image", "image.png" } };
        }
        object body = operation switch
        {
            "style-mixing" => new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 } },
            "trajectories" => new { people = new[] { new { observed = Enumerable.Range(0, 8).Select(t => new[] { t * 0.4, 0.0 }) } } },
            "text-to-image" => new { prompt = "a shirt" },
            "text-interpolation" => new { fromPrompt = "a shirt", toPrompt = "a boot" },
            "prompts" => new { prompts = new[] { "a shirt", "a boot" } },
            _ => new { },
        };
        return JsonContent.Create(body);
    }

    /// <summary>A problem with its ids and request-specific fields blanked, to compare two answers by.</summary>
    private static string Normalised(string body)
    {
        var problem = JsonNode.Parse(body)!.AsObject();
        problem.Remove("traceId");
        problem.Remove("requestId");
        return GuidText().Replace(problem.ToJsonString(), "ID");
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var items = body is JsonArray array ? array : body["items"]!.AsArray();
        return items.Select(item => item!["id"]!.GetValue<Guid>()).ToList();
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidText();
}
