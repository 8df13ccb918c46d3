using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Quotas;

/// <summary>The storedBytes quota: datasets and training runs' files counted against it, at its edge.</summary>
public sealed class StoredBytesQuotaTests : IDisposable
{
    // Accounts have no room unless a test gives them some: the operator's keys, which no quota bounds, still store.
    private readonly GenServiceFactory factory = new() { Settings = { ["Quotas:StoredBytes"] = "0" } };

    private static readonly byte[] FourGrayImages = TestArchives.Zip(
        ("a.png", TestArchives.Gray(10)), ("b.png", TestArchives.Gray(60)), ("c.png", TestArchives.Gray(110)), ("d.png", TestArchives.Gray(160)));

    [Fact]
    public async Task AnUploadThatFitsIsStoredTheNextOverIs413WithNothingLeftAndOneFitsAgainAfterADelete()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "train");
        using var admin = factory.CreateClient();
        await SetStoredBytesAsync(admin, account.Id, 1_000_000_000);
        var first = await UploadAsync(account.Client);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstDataset = await first.ReadJsonObjectAsync();
        var size = firstDataset["sizeBytes"]!.GetValue<long>();
        await SetStoredBytesAsync(admin, account.Id, 2 * size);

        var fits = await UploadAsync(account.Client);

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal((2 * size, 2 * size), await StoredBytesAsync(account.Client));

        // Full: refused before the archive is read.
        var full = await UploadAsync(account.Client);
        await AssertOverQuotaAsync(full, limit: 2 * size, used: 2 * size);

        // Room for all but one byte of it: refused once it is written, and the written files are deleted.
        await SetStoredBytesAsync(admin, account.Id, 3 * size - 1);
        var byteOver = await UploadAsync(account.Client);
        await AssertOverQuotaAsync(byteOver, limit: 3 * size - 1, used: 2 * size);
        Assert.Equal(2, (await account.Client.GetFromJsonAsync<JsonArray>("/v1/datasets"))!.Count);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(factory.DataDirectory, "datasets")).Length);
        var staging = Path.Combine(factory.DataDirectory, "tmp");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging).Length == 0);

        (await account.Client.DeleteAsync($"/v1/datasets/{firstDataset["id"]!.GetValue<Guid>()}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(account.Client)).StatusCode);
        Assert.Equal((2 * size, 3 * size - 1), await StoredBytesAsync(account.Client));
    }

    [Theory]
    [InlineData("/v1/datasets/fashion-mnist")]
    [InlineData("/v1/datasets/fashion-mnist-captions")]
    [InlineData("/v1/datasets/landscapes")]
    [InlineData("/v1/datasets/landscape-captions")]
    [InlineData("/v1/datasets/crowds")]
    public async Task EveryImportOfAFullAccountIs413AndStoresNothing(string route)
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "train");

        var response = await account.Client.PostAsync(route, null);

        await AssertOverQuotaAsync(response, limit: 0, used: 0);
        Assert.Empty((await account.Client.GetFromJsonAsync<JsonArray>("/v1/datasets"))!);
    }

    [Fact]
    public async Task TheOperatorsKeysStoreWhateverTheDefaultQuota()
    {
        using var admin = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(admin)).StatusCode);
    }

    [Fact]
    public async Task AFinishedRunsFilesCountUntilItsModelIsDeletedAndARunOfAFullAccountIs413BeforeItIsQueued()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "train");
        using var admin = factory.CreateClient();
        await SetStoredBytesAsync(admin, account.Id, 1_000_000_000);
        var datasetId = await account.Client.ImportFashionMnistAsync(limit: 120);
        var datasetSize = (await account.Client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{datasetId}"))!["sizeBytes"]!.GetValue<long>();
        var tiny = new { steps = 2, batch_size = 16, latent_dim = 4, base_channels = 8 };
        var run = await account.Client.StartRunAsync(datasetId, tiny);
        var finished = await account.Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(2), "Succeeded");

        var (used, _) = await StoredBytesAsync(account.Client);

        var runFiles = FolderBytes("runs", finished["id"]!.GetValue<Guid>()) + FolderBytes("models", finished["modelId"]!.GetValue<Guid>());
        Assert.True(runFiles > 0);
        Assert.Equal(datasetSize + runFiles, used);

        await SetStoredBytesAsync(admin, account.Id, used);
        var refused = await account.Client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = tiny, seed = 7 });

        await AssertOverQuotaAsync(refused, limit: used, used: used);
        Assert.Single((await account.Client.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!);

        // Deleting the model deletes its run and their files, which the account no longer counts.
        (await account.Client.DeleteAsync($"/v1/models/{finished["modelId"]!.GetValue<Guid>()}")).EnsureSuccessStatusCode();
        Assert.Equal(datasetSize, (await StoredBytesAsync(account.Client)).Used);
    }

    public void Dispose() => factory.Dispose();

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client) =>
        client.PostAsync("/v1/datasets", TestArchives.Form(FourGrayImages, imageSize: 8, channels: 1));

    private static async Task SetStoredBytesAsync(HttpClient admin, Guid accountId, long storedBytes) =>
        (await admin.PutAsJsonAsync($"/v1/accounts/{accountId}/quotas", new { storedBytes })).EnsureSuccessStatusCode();

    private static async Task<(long Used, long Limit)> StoredBytesAsync(HttpClient client)
    {
        var usage = (await client.GetFromJsonAsync<JsonObject>("/v1/account"))!["quotas"]!["storedBytes"]!;
        return (usage["used"]!.GetValue<long>(), usage["limit"]!.GetValue<long>());
    }

    private static async Task AssertOverQuotaAsync(HttpResponseMessage response, long limit, long used)
    {
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "storedBytes");
        var problem = await response.ReadJsonObjectAsync();
        Assert.Equal("storedBytes", problem["quota"]!.GetValue<string>());
        Assert.Equal(limit, problem["limit"]!.GetValue<long>());
        Assert.Equal(used, problem["used"]!.GetValue<long>());
    }

    private long FolderBytes(string kind, Guid id)
    {
        var folder = new DirectoryInfo(Path.Combine(factory.DataDirectory, kind, id.ToString("N")));
        return folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
    }
}
