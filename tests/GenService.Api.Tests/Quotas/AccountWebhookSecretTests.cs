using System.Net;
using System.Net.Http.Json;
using GenService.Api.Tests.Generations;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Webhooks;

namespace GenService.Api.Tests.Quotas;

public sealed class AccountWebhookSecretTests : IDisposable
{
    private readonly GenServiceFactory factory = new()
    {
        Settings =
        {
            ["Inference:MaxBatchSize"] = "8",
            ["Generations:WebhookAllowedNetworks:0"] = "127.0.0.1/32",
        },
    };

    [Fact]
    public async Task AGenerationsWebhookIsSignedWithItsAccountsSecretUntilTheAccountRotatesIt()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "generate", "train");
        Assert.StartsWith("whsec_", account.WebhookSecret);
        var (_, modelId) = await account.Client.TrainTinyVaeAsync();
        await using var receiver = await WebhookReceiver.StartAsync(204);

        var first = await GenerateWithWebhookAsync(account.Client, modelId, receiver);

        Assert.Equal(WebhookSignatureCheck.Expected(account.WebhookSecret, first.Id!, first.Timestamp!, first.RawBody), first.Signature);
        var serviceSecret = File.ReadAllText(Path.Combine(factory.DataDirectory, "secrets", "webhook-secret")).Trim();
        Assert.NotEqual(WebhookSignatureCheck.Expected(serviceSecret, first.Id!, first.Timestamp!, first.RawBody), first.Signature);

        var rotated = await account.Client.PostAsync("/v1/account/webhook-secret", null);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.ReadJsonObjectAsync())["webhookSecret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(account.WebhookSecret, newSecret);
        var second = await GenerateWithWebhookAsync(account.Client, modelId, receiver);
        Assert.Equal(WebhookSignatureCheck.Expected(newSecret, second.Id!, second.Timestamp!, second.RawBody), second.Signature);
        Assert.DoesNotContain(newSecret, await account.Client.GetStringAsync("/v1/account"));
    }

    [Fact]
    public async Task TheOperatorsKeyHasNoAccountSecretToRotate()
    {
        using var admin = factory.CreateClient();

        var response = await admin.PostAsync("/v1/account/webhook-secret", null);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "Generations:WebhookSecret");
    }

    public void Dispose() => factory.Dispose();

    private static async Task<WebhookCall> GenerateWithWebhookAsync(HttpClient client, Guid modelId, WebhookReceiver receiver)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { count = 1, webhookUrl = receiver.Url });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var generationId = (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        await client.WaitForGenerationAsync(response.Headers.Location!.ToString(), "Succeeded", webhookStatus: "Delivered");
        return receiver.Calls.Single(call => call.Body["id"]!.GetValue<Guid>() == generationId);
    }
}
