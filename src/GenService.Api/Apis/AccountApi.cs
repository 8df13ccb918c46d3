using System.Security.Claims;
using GenService.Api.Accounts;
using GenService.Api.Auth;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The account of the key that calls: its quotas, and its webhook secret.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/account").WithTags("Keys").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.AnyKey, changes: ApiScope.Generate);
        api.MapGet("/", GetCallerAccount)
            .WithName("GetCallerAccount")
            .WithSummary("The calling key, its account, and the account's quotas with what is taken of each; any key may ask.")
            .WithDescription("generationRequestsPerSecond is the rate limit of the generation routes (samples, translate, text-to-image, POST generations, ...), with the requests this node "
                + "would let through now (each node keeps its own bucket); concurrentTrainingRuns, storedBytes and imagesPerGeneration are the other quotas. "
                + "A key of the operator's belongs to no account and has no quotas: account and quotas are absent.");
        api.MapPost("/webhook-secret", RotateWebhookSecret)
            .WithName("RotateWebhookSecret")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Give the calling key's account a new webhook secret; the answer is the only time it is shown.")
            .WithDescription("Webhook deliveries that start from now on, those of earlier generations included, are signed with the new secret "
                + "(a delivery already retrying keeps the secret it started with). "
                + "A key of the operator's belongs to no account: 409 (the service-wide secret is the operator's setting).");
        return app;
    }

    public static async Task<Ok<CallerAccountResponse>> GetCallerAccount(ClaimsPrincipal user, AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.GetCallerAsync(user, cancellationToken));

    public static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateWebhookSecret(
        ClaimsPrincipal user, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.RotateWebhookSecretAsync(user, cancellationToken);
        return result.Error is { } error ? ProblemResults.Conflict(error) : TypedResults.Ok(result.Value!);
    }
}
