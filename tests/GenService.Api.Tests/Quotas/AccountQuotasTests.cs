using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Quotas;

public sealed class AccountQuotasTests : IDisposable
{
    private readonly GenServiceFactory factory = new()
    {
        Settings =
        {
            ["Quotas:ConcurrentTrainingRuns"] = "3",
            ["Quotas:StoredBytes"] = "5000000",
            ["Quotas:ImagesPerGeneration"] = "50",
            ["Quotas:GenerationRequestsPerSecond"] = "4",
            ["Quotas:GenerationBurst"] = "8",
        },
    };

    [Fact]
    public async Task AnAccountSeesItsKeyAndEachQuotaWithItsDefaults()
    {
        using var account = await TestAccount.CreateAsync(factory, "generate");

        var response = await account.Client.GetAsync("/v1/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonObjectAsync();
        Assert.Equal(account.Id, body["account"]!["id"]!.GetValue<Guid>());
        Assert.Equal(["generate"], body["key"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var quotas = body["quotas"]!;
        Assert.Equal(4, quotas["generationRequestsPerSecond"]!["limit"]!.GetValue<double>());
        Assert.Equal(8, quotas["generationRequestsPerSecond"]!["burst"]!.GetValue<int>());
        Assert.Equal(8, quotas["generationRequestsPerSecond"]!["remaining"]!.GetValue<long>());
        Assert.Equal(3, quotas["concurrentTrainingRuns"]!["limit"]!.GetValue<long>());
        Assert.Equal(5000000, quotas["storedBytes"]!["limit"]!.GetValue<long>());
        Assert.Equal(50, quotas["imagesPerGeneration"]!["limit"]!.GetValue<long>());
    }

    [Fact]
    public async Task TheOperatorsKeyHasNoAccountAndNoQuotas()
    {
        using var admin = factory.CreateClient();

        var body = (await admin.GetFromJsonAsync<JsonObject>("/v1/account"))!;

        Assert.Null(body["account"]);
        Assert.Null(body["quotas"]);
        Assert.Equal("admin key", body["key"]!["name"]!.GetValue<string>());
        Assert.Equal(["admin"], body["key"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task AnAdminSetsAnAccountsOwnQuotasAndLeavingOneOutGoesBackToTheDefault()
    {
        using var account = await TestAccount.CreateAsync(factory, "read");
        using var admin = factory.CreateClient();

        var set = await admin.PutAsJsonAsync($"/v1/accounts/{account.Id}/quotas", new { concurrentTrainingRuns = 0, storedBytes = 1234, imagesPerGeneration = 7 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(7, (await set.ReadJsonObjectAsync())["imagesPerGeneration"]!.GetValue<int>());
        var quotas = (await account.Client.GetFromJsonAsync<JsonObject>("/v1/account"))!["quotas"]!;
        Assert.Equal(0, quotas["concurrentTrainingRuns"]!["limit"]!.GetValue<long>());
        Assert.Equal(1234, quotas["storedBytes"]!["limit"]!.GetValue<long>());
        Assert.Equal(7, quotas["imagesPerGeneration"]!["limit"]!.GetValue<long>());

        var reset = await admin.PutAsJsonAsync($"/v1/accounts/{account.Id}/quotas", new { imagesPerGeneration = 9 });

        var limits = await reset.ReadJsonObjectAsync();
        Assert.Equal(3, limits["concurrentTrainingRuns"]!.GetValue<int>());
        Assert.Equal(5000000, limits["storedBytes"]!.GetValue<long>());
        Assert.Equal(9, limits["imagesPerGeneration"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadQuotasAreA400NamingEachFieldAndChangeNothing()
    {
        using var account = await TestAccount.CreateAsync(factory, "read");
        using var admin = factory.CreateClient();

        var response = await admin.PutAsJsonAsync($"/v1/accounts/{account.Id}/quotas", new { concurrentTrainingRuns = -1, storedBytes = -5, imagesPerGeneration = 0 });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["concurrentTrainingRuns", "imagesPerGeneration", "storedBytes"], errors.Select(e => e.Key).Order());
        Assert.Equal(50, (await account.Client.GetFromJsonAsync<JsonObject>("/v1/account"))!["quotas"]!["imagesPerGeneration"]!["limit"]!.GetValue<long>());
        await (await admin.PutAsJsonAsync($"/v1/accounts/{Guid.NewGuid()}/quotas", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OnlyAdminsSetQuotas()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "generate", "train");

        var response = await account.Client.PutAsJsonAsync($"/v1/accounts/{account.Id}/quotas", new { imagesPerGeneration = 100 });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "admin");
    }

    [Fact]
    public async Task AGenerationOfExactlyTheQuotasImagesPassesItAndOneMoreIs413NamingIt()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "generate");
        var generations = $"/v1/models/{Guid.NewGuid()}/generations";

        // Past the quota, the request goes on to find the model, which does not exist.
        var atLimit = await account.Client.PostAsJsonAsync(generations, new { count = 50 });
        await atLimit.AssertProblemAsync(HttpStatusCode.NotFound, "does not exist");

        var over = await account.Client.PostAsJsonAsync(generations, new { count = 51 });

        await over.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "imagesPerGeneration");
        var problem = await over.ReadJsonObjectAsync();
        Assert.Equal("imagesPerGeneration", problem["quota"]!.GetValue<string>());
        Assert.Equal(50, problem["limit"]!.GetValue<long>());
    }

    [Fact]
    public async Task TrainingRunsUpToTheQuotaStartAndOneMoreIs429NamingItUntilOneEnds()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "train");
        using var admin = factory.CreateClient();
        (await admin.PutAsJsonAsync($"/v1/accounts/{account.Id}/quotas", new { concurrentTrainingRuns = 1 })).EnsureSuccessStatusCode();
        var datasetId = await account.Client.ImportFashionMnistAsync(limit: 120);
        var tiny = new { steps = 100_000, batch_size = 16, latent_dim = 4, base_channels = 8 };

        var first = await account.Client.StartRunAsync(datasetId, tiny);
        var over = await account.Client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = tiny, seed = 7 });

        await over.AssertProblemAsync(HttpStatusCode.TooManyRequests, "concurrentTrainingRuns");
        Assert.NotNull(over.Headers.RetryAfter);
        var usage = (await account.Client.GetFromJsonAsync<JsonObject>("/v1/account"))!["quotas"]!["concurrentTrainingRuns"]!;
        Assert.Equal((1, 1), (usage["limit"]!.GetValue<long>(), usage["used"]!.GetValue<long>()));

        var runId = first["id"]!.GetValue<Guid>();
        (await account.Client.PostAsync($"/v1/training-runs/{runId}/cancel", null)).EnsureSuccessStatusCode();
        await account.Client.WaitForRunAsync(runId, TimeSpan.FromMinutes(1), "Canceled");
        var next = await account.Client.StartRunAsync(datasetId, new { steps = 2, batch_size = 16, latent_dim = 4, base_channels = 8 });
        await account.Client.WaitForRunAsync(next["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(2), "Succeeded");
    }

    public void Dispose() => factory.Dispose();
}
