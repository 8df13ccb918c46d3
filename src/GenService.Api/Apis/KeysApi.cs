using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

/// <summary>The API keys clients authenticate with, for admins.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/keys").WithTags("Keys").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Admin, changes: ApiScope.Admin);
        api.MapPost("/", CreateKey)
            .WithName("CreateKey")
            .WithSummary("Create an API key with the given scopes and an optional expiry; the answer is the only time the key is shown.")
            .WithDescription("Answers 201 with the key and its record (Location: /v1/keys/{id}). The service keeps only the key's SHA-256 hash "
                + "and its first characters (prefix), so a lost key cannot be shown again: revoke it and create another. A 400 names each bad field.");
        api.MapGet("/", ListKeys)
            .WithName("ListKeys")
            .WithSummary("Every key, revoked and expired ones included, newest first, without the keys themselves.")
            .WithDescription("The service's own admin key (Auth:AdminKey, or the one made on first start in DATA_FOLDER/secrets/admin-key) is listed too, "
                + "named \"admin key\", with the same id on every node and every start.");
        api.MapGet("/{id:guid}", GetKey)
            .WithName("GetKey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One key's record, without the key itself.")
            .WithDescription("Its name, prefix, scopes, and when it was created, expires and was revoked. Answers 404 for an unknown id.");
        api.MapDelete("/{id:guid}", RevokeKey)
            .WithName("RevokeKey")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Revoke a key, the service's admin key included: from now on every node answers it 401. Its record stays, with revokedAt set.")
            .WithDescription("Answers 204; revoking a revoked key again changes nothing. A 409 refuses to revoke the last working (unrevoked, unexpired) "
                + "key with the admin scope, which would leave no key able to make keys: make another admin key first. A revoked admin key stays refused "
                + "after a restart; a new one comes from a changed Auth:AdminKey, or from deleting DATA_FOLDER/secrets/admin-key and restarting.");
        return app;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateKey(
        CreateApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var result = await keys.CreateAsync(request, cancellationToken);
        return result.Error is { } error
            ? ProblemResults.Invalid(error)
            : TypedResults.Created($"/v1/keys/{result.Value!.ApiKey.Id}", result.Value);
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> ListKeys(ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> GetKey(
        [Description("The key's id.")] Guid id, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.GetAsync(id, cancellationToken) is { } key
            ? TypedResults.Ok(key)
            : ProblemResults.NotFound(ServiceError.NotFound($"Key {id} does not exist."));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        [Description("The key's id.")] Guid id, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) switch
        {
            null => TypedResults.NoContent(),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };
}
