using System.ComponentModel;
using GenService.Api.Accounts;
using GenService.Api.Auth;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using GenService.Api.Quotas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The accounts keys belong to, for admins.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/accounts").WithTags("Keys").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Admin, changes: ApiScope.Admin);
        api.MapPost("/", CreateAccount)
            .WithName("CreateAccount")
            .WithSummary("Create an account, its first API key, named after it, and its webhook secret; the answer is the only time the key and the secret are shown.")
            .WithDescription("Answers 201 with the account and the key (Location: /v1/accounts/{id}). POST /v1/keys with the account's id makes more keys. "
                + "A 400 names each bad field; nothing is saved then.");
        api.MapGet("/", ListAccounts)
            .WithName("ListAccounts")
            .WithSummary("Every account, newest first.")
            .WithDescription("GET /v1/keys lists their keys, each with its accountId.");
        api.MapGet("/{id:guid}", GetAccount)
            .WithName("GetAccount")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One account.")
            .WithDescription("Its name and when it was created. Answers 404 for an unknown id.");
        api.MapPut("/{id:guid}/quotas", SetQuotas)
            .WithName("SetAccountQuotas")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Set an account's own quotas: concurrent training runs, stored bytes, images per generation.")
            .WithDescription("Each quota left out (or null) is the configured default (Quotas:ConcurrentTrainingRuns, Quotas:StoredBytes, "
                + "Quotas:ImagesPerGeneration); the body replaces every quota the account had of its own. Answers 200 with the account's quotas now; "
                + "a 400 names each bad field, a 404 an unknown account. Lowering a quota under what the account already uses removes nothing: "
                + "its next request over the quota is refused.");
        return app;
    }

    public static async Task<Results<Created<CreatedAccountResponse>, ValidationProblem>> CreateAccount(
        CreateAccountRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.CreateAsync(request, cancellationToken);
        return result.Error is { } error
            ? ProblemResults.Invalid(error)
            : TypedResults.Created($"/v1/accounts/{result.Value!.Account.Id}", result.Value);
    }

    public static async Task<Results<Ok<QuotaLimitsResponse>, ValidationProblem, ProblemHttpResult>> SetQuotas(
        [Description("The account's id.")] Guid id, SetQuotasRequest request, QuotaService quotas, CancellationToken cancellationToken)
    {
        var result = await quotas.SetAsync(id, request, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Ok<IReadOnlyList<AccountResponse>>> ListAccounts(AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListAsync(cancellationToken));

    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccount(
        [Description("The account's id.")] Guid id, AccountService accounts, CancellationToken cancellationToken) =>
        await accounts.GetAsync(id, cancellationToken) is { } account
            ? TypedResults.Ok(account)
            : ProblemResults.NotFound(ServiceError.NotFound($"Account {id} does not exist."));
}
