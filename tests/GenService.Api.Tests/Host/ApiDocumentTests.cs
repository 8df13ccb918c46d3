using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Host;

/// <summary>The served OpenAPI document tells a client what it needs: what each field means and what it may
/// hold, an example body, the media types of images, what each operation and tag is for.</summary>
public class ApiDocumentTests : IClassFixture<ApiDocumentTests.ServedDocument>
{
    private readonly ServedDocument served;
    private readonly JsonObject document;

    public ApiDocumentTests(ServedDocument served)
    {
        this.served = served;
        document = served.Document;
    }

    public static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(method => (path.Key, method.Key, method.Value!.AsObject())));

    /// <summary>The component schema of each JSON request body, by operation.</summary>
    public static IEnumerable<(string OperationId, string Schema)> JsonRequestBodies(JsonObject document) =>
        Operations(document)
            .Where(o => o.Operation["requestBody"]?["content"]?["application/json"] is not null)
            .Select(o => (o.Operation["operationId"]!.GetValue<string>(),
                o.Operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1]));

    [Fact]
    public void EveryJsonRequestBodyHasAnExampleAndEveryPropertyADescription()
    {
        var bodies = JsonRequestBodies(document).ToList();
        Assert.Equal(21, bodies.Count);
        foreach (var (operationId, schemaName) in bodies)
        {
            var schema = document["components"]!["schemas"]![schemaName]!.AsObject();
            var example = Assert.IsType<JsonObject>(schema["example"], exactMatch: false);
            Assert.True(example.Count > 0, $"{operationId}: the example of {schemaName} is empty.");
            foreach (var (name, property) in schema["properties"]!.AsObject())
            {
                var description = property!["description"]?.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(description), $"{schemaName}.{name} has no description.");
                Assert.DoesNotContain('\n', description);
                Assert.True(example.ContainsKey(name) || property["default"] is not null || property["nullable"]?.GetValue<bool>() == true,
                    $"{schemaName}.{name} has neither a default nor a value in the example.");
            }
        }
    }

    [Fact]
    public void FixedChoicesAreListedAsNames()
    {
        var sample = document["components"]!["schemas"]!["SampleRequest"]!["properties"]!;
        Assert.Equal(["png", "jpeg", "webp"], sample["format"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("png", sample["format"]!["default"]!.GetValue<string>());
        Assert.Equal(["grid", "single"], sample["layout"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var interpolate = document["components"]!["schemas"]!["InterpolateRequest"]!["properties"]!;
        Assert.Equal(["png", "jpeg", "webp", "gif"], interpolate["format"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["slerp", "lerp"], interpolate["path"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["z", "w"], interpolate["space"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));

        var status = Operations(document).Single(o => o.Operation["operationId"]!.GetValue<string>() == "ListTrainingRuns")
            .Operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "status")!;
        Assert.Equal("string", status["schema"]!["type"]!.GetValue<string>());
        Assert.Contains("Succeeded", status["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void ImageResponsesHaveTheirMediaTypesAndABinarySchema()
    {
        var images = Operations(document)
            .Select(o => (Id: o.Operation["operationId"]!.GetValue<string>(), Content: o.Operation["responses"]!["200"]?["content"]?.AsObject()))
            .Where(o => o.Content?.Any(c => c.Key.StartsWith("image/", StringComparison.Ordinal)) == true)
            .ToList();

        Assert.Equal(20, images.Count);
        foreach (var (id, content) in images)
        {
            Assert.Contains("image/png", content!.Select(c => c.Key));
            // A forecast answers its numbers as JSON, or with format png a plot.
            foreach (var (mediaType, body) in content!.Where(c => !(id == "ForecastTrajectories" && c.Key == "application/json")))
            {
                Assert.StartsWith("image/", mediaType, StringComparison.Ordinal);
                Assert.Equal(("string", "binary"), (body!["schema"]!["type"]!.GetValue<string>(), body["schema"]!["format"]!.GetValue<string>()));
            }
        }
        var interpolate = images.Single(i => i.Id == "InterpolateModel").Content!;
        Assert.Equal(["image/png", "image/jpeg", "image/webp", "image/gif"], interpolate.Select(c => c.Key));
    }

    [Fact]
    public void EveryOkResponseSaysWhatItsBodyIs()
    {
        foreach (var (path, method, operation) in Operations(document))
        {
            if (operation["responses"]!["200"] is { } ok)
                Assert.True(ok["content"] is JsonObject { Count: > 0 }, $"{method} {path}: 200 without a media type.");
        }
    }

    [Fact]
    public void OperationsTagsAndPathParametersAreDescribed()
    {
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.All(document["tags"]!.AsArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag!["description"]?.GetValue<string>()), tag!["name"]!.ToString()));
        foreach (var (path, method, operation) in Operations(document))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{method} {path} has no description.");
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                Assert.False(string.IsNullOrWhiteSpace(parameter!["description"]?.GetValue<string>()), $"{method} {path}: {parameter["name"]} has no description.");
        }
    }

    [Fact]
    public void EveryOperationNeedsABearerKeyAndSaysWhichScope()
    {
        var scheme = document["components"]!["securitySchemes"]!.AsObject().Single();
        Assert.Equal(("http", "bearer"), (scheme.Value!["type"]!.GetValue<string>(), scheme.Value["scheme"]!.GetValue<string>()));
        Assert.Equal(scheme.Key, document["security"]!.AsArray().Single()!.AsObject().Single().Key);
        JsonNode? Shared(JsonNode? response) =>
            response?["$ref"]?.GetValue<string>() is { } reference ? document["components"]!["responses"]![reference.Split('/')[^1]] : response;
        foreach (var (path, method, operation) in Operations(document))
        {
            Assert.NotNull(Shared(operation["responses"]!["401"]));
            // GET /v1/account answers every key, whatever its scopes, and so has no 403.
            if (operation["operationId"]?.GetValue<string>() == "GetCallerAccount")
                Assert.Null(operation["responses"]!["403"]);
            else
                Assert.Matches("the scope (read|generate|train|admin)", Shared(operation["responses"]!["403"])?["description"]?.GetValue<string>() ?? $"{method} {path}: no 403");
        }
    }

    [Fact]
    public async Task ArchitecturesLeaveOutDefaultsByChoiceRatherThanSendNull()
    {
        var architectures = await served.Client.GetStringAsync("/v1/architectures");

        Assert.DoesNotContain("\"defaultsByChoice\":null", architectures, StringComparison.Ordinal);
        Assert.Contains("\"defaultsByChoice\":{", architectures, StringComparison.Ordinal);
    }

    public sealed class ServedDocument : IAsyncLifetime
    {
        private readonly GenServiceFactory factory = new();

        public HttpClient Client { get; private set; } = null!;

        public JsonObject Document { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = factory.CreateClient();
            Document = JsonNode.Parse(await Client.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        }

        public Task DisposeAsync()
        {
            Client.Dispose();
            factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
