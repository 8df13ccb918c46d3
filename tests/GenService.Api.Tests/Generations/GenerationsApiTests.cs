using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Models;
using GenService.Api.Tests.Webhooks;

namespace GenService.Api.Tests.Generations;

public class GenerationsApiTests(CheckpointedVaeFixture vae) : IClassFixture<CheckpointedVaeFixture>
{
    private HttpClient Client => vae.Client;

    private string Generations => $"/v1/models/{vae.ModelId}/generations";

    [Fact]
    public async Task AGenerationStoresTheImagesASynchronousSampleReturns()
    {
        var response = await Client.PostAsJsonAsync(Generations, new { count = 20, seed = 5 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = await response.ReadJsonObjectAsync();
        Assert.Equal($"/v1/generations/{created["id"]}", response.Headers.Location?.ToString());
        Assert.Equal("final", created["checkpoint"]!.GetValue<string>());

        var done = await Client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded");
        var urls = done["imageUrls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal(20, urls.Count);
        Assert.Equal(20, done["completedImages"]!.GetValue<int>());

        // Image 7 is seed 12's image, byte for byte, whatever pieces and batches the job ran it in.
        var stored = await Client.GetAsync(urls[7]);
        Assert.Equal("image/png", stored.Content.Headers.ContentType?.MediaType);
        var alone = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { count = 1, seed = 12, layout = "single" });
        Assert.Equal(await alone.Content.ReadAsByteArrayAsync(), await stored.Content.ReadAsByteArrayAsync());

        var listed = await Client.GetFromJsonAsync<JsonArray>(Generations);
        Assert.Contains(listed!, g => g!["id"]!.GetValue<Guid>() == created["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task AGenerationCanUseACheckpointAndAnotherFormat()
    {
        var response = await Client.PostAsJsonAsync(Generations, new { count = 2, seed = 1, checkpoint = "latest", format = "webp" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("20", (await response.ReadJsonObjectAsync())["checkpoint"]!.GetValue<string>());

        var done = await Client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded");
        var image = await Client.GetAsync(done["imageUrls"]![1]!.GetValue<string>());
        Assert.Equal("image/webp", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheWebhookIsCalledAgainUntilItAnswersEachCallSignedUnderTheSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503, 204);
        var url = receiver.UrlFor(CheckpointedVaeFixture.HooksHost);
        using var request = new HttpRequestMessage(HttpMethod.Post, Generations) { Content = JsonContent.Create(new { count = 3, webhookUrl = url }) };
        request.Headers.Add("X-Request-Id", "webhook-test-1");
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Pending", (await response.ReadJsonObjectAsync())["webhookStatus"]!.GetValue<string>());

        var delivered = await Client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded", webhookStatus: "Delivered");
        Assert.Equal(3, delivered["webhookAttempts"]!.GetValue<int>());
        Assert.Equal(204, delivered["webhookLastStatusCode"]!.GetValue<int>());
        Assert.Null(delivered["webhookLastError"]);
        Assert.NotNull(delivered["webhookDeliveredAt"]);
        Assert.Equal(3, receiver.Calls.Count);
        var last = receiver.Calls.Last();
        Assert.Equal(delivered["id"]!.GetValue<Guid>(), last.Body["id"]!.GetValue<Guid>());
        Assert.Equal("Succeeded", last.Body["status"]!.GetValue<string>());
        Assert.Equal(3, last.Body["imageUrls"]!.AsArray().Count);
        Assert.Equal("webhook-test-1", last.RequestId);

        // The secret the service made on its first start, in the data folder.
        var secret = File.ReadAllText(Path.Combine(vae.Factory.DataDirectory, "secrets", "webhook-secret")).Trim();
        Assert.Single(receiver.Calls.Select(c => c.Id).Distinct());
        Assert.False(string.IsNullOrEmpty(last.Id));
        foreach (var call in receiver.Calls)
        {
            Assert.True(long.TryParse(call.Timestamp, out var seconds) && seconds > 1_600_000_000, $"webhook-timestamp {call.Timestamp}");
            Assert.Equal(WebhookSignatureCheck.Expected(secret, call.Id!, call.Timestamp!, call.RawBody), call.Signature);
        }
    }

    [Fact]
    public async Task AWebhookThatKeepsFailingIsGivenUpAfterItsAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var response = await Client.PostAsJsonAsync(Generations, new { count = 1, webhookUrl = receiver.Url });

        var given = await Client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded", webhookStatus: "Failed");
        Assert.Equal(3, given["webhookAttempts"]!.GetValue<int>());
        Assert.Equal(500, given["webhookLastStatusCode"]!.GetValue<int>());
        Assert.Contains("HTTP 500", given["webhookLastError"]!.GetValue<string>());
        Assert.Null(given["webhookDeliveredAt"]);
        Assert.Equal(3, receiver.Calls.Count);
    }

    [Fact]
    public async Task ANameThatResolvesToARefusedAddressIsGivenUpWithoutACall()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204);
        var response = await Client.PostAsJsonAsync(Generations, new { count = 1, webhookUrl = receiver.UrlFor(CheckpointedVaeFixture.ReboundHost) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var refused = await Client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded", webhookStatus: "Failed");
        Assert.Equal(1, refused["webhookAttempts"]!.GetValue<int>());
        Assert.Null(refused["webhookLastStatusCode"]);
        Assert.Contains("loopback", refused["webhookLastError"]!.GetValue<string>());
        Assert.Empty(receiver.Calls);
    }

    [Theory]
    [InlineData("ftp://example.org/hook", "http or https")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://[::ffff:10.0.0.1]/hook", "private")]
    [InlineData("http://[::ffff:169.254.169.254]/hook", "link-local")]
    [InlineData("http://10.0.0.1/hook", "private")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("https://[fe80::1]/hook", "link-local")]
    public async Task AWebhookToARefusedDestinationIsA400NamingTheRule(string url, string rule)
    {
        // An unknown model: a request that passed validation would answer 404, and no generation (nor call) would exist.
        var response = await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/generations", new { count = 1, webhookUrl = url });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "webhookUrl");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, rule);
    }

    [Fact]
    public async Task RejectsBadGenerationRequests()
    {
        await (await Client.PostAsJsonAsync(Generations, new { count = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between 1 and 100");
        await (await Client.PostAsJsonAsync(Generations, new { count = 101 })).AssertProblemAsync(HttpStatusCode.BadRequest, "count");
        await (await Client.PostAsJsonAsync(Generations, new { format = "bmp" })).AssertProblemAsync(HttpStatusCode.BadRequest, "png, jpeg or webp");
        foreach (var url in new[] { "ftp://example.org/hook", "/hooks/relative", "not a url", "http://user:secret@example.org/hook", "https://example.org/" + new string('a', 2000) })
            await (await Client.PostAsJsonAsync(Generations, new { webhookUrl = url })).AssertProblemAsync(HttpStatusCode.BadRequest, "webhookUrl");
        await (await Client.PostAsJsonAsync(Generations, new { truncation = 1.5 })).AssertProblemAsync(HttpStatusCode.BadRequest, "truncation");
        await (await Client.PostAsJsonAsync(Generations, new { truncation = 0.7 })).AssertProblemAsync(HttpStatusCode.BadRequest, "does not support style operations");
        await (await Client.PostAsJsonAsync(Generations, new { checkpoint = "soon" })).AssertProblemAsync(HttpStatusCode.BadRequest, "checkpoint");
        await (await Client.PostAsJsonAsync(Generations, new { checkpoint = "999" })).AssertProblemAsync(HttpStatusCode.NotFound, "no checkpoint at step 999");
        await (await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/generations", new { count = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        using var malformed = new StringContent("{\"count\":", System.Text.Encoding.UTF8, "application/json");
        await (await Client.PostAsync(Generations, malformed)).AssertProblemAsync(HttpStatusCode.BadRequest);

        await (await Client.GetAsync($"/v1/generations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"{Generations}?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/generations")).AssertProblemAsync(HttpStatusCode.NotFound);

        var response = await Client.PostAsJsonAsync(Generations, new { count = 1 });
        var location = response.Headers.Location!.ToString();
        await Client.WaitForGenerationAsync(location, "Succeeded");
        await (await Client.GetAsync($"{location}/images/1")).AssertProblemAsync(HttpStatusCode.NotFound, "images 0 to 0");
        await (await Client.GetAsync($"{location}/images/-1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

public class GenerationDeletionTests
{
    [Fact]
    public async Task DeletingAModelDeletesItsGenerationsAndTheirImages()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var (_, modelId) = await client.TrainTinyVaeAsync();
        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { count = 2 });
        var location = response.Headers.Location!.ToString();
        var generationId = (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        var folder = Path.Combine(factory.DataDirectory, "generations", generationId.ToString("N"));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await client.GetFromJsonAsync<JsonObject>(location))!["status"]!.GetValue<string>() != "Succeeded")
        {
            Assert.True(DateTime.UtcNow < deadline, "the generation did not finish");
            await Task.Delay(50);
        }
        Assert.Equal(2, Directory.GetFiles(folder).Length);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/models/{modelId}")).StatusCode);

        Assert.False(Directory.Exists(folder));
        await (await client.GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
