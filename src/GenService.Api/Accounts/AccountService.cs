using System.Security.Claims;
using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Quotas;
using GenService.Api.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Accounts;

/// <summary>Accounts, each made with its first key and its webhook secret.</summary>
public sealed class AccountService(GenServiceDbContext db, ApiKeyService keys, QuotaService quotas, TimeProvider time)
{
    /// <summary>The account and its first key are saved together: neither exists without the other.</summary>
    public async Task<ServiceResult<CreatedAccountResponse>> CreateAsync(CreateAccountRequest request, CancellationToken cancellationToken)
    {
        if (keys.Check(request.Name, request.Scopes, request.ExpiresAt) is { Count: > 0 } errors)
            return ServiceError.Invalid(errors);

        var account = new Account
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            WebhookSecret = WebhookSecret.Generate().ToString(),
        };
        var (key, firstKey) = keys.NewKey(request.Name, request.Scopes, request.ExpiresAt, account.Id);
        db.Accounts.Add(account);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccountResponse(AccountResponse.From(account), firstKey, account.WebhookSecret);
    }

    public async Task<AccountResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } account ? AccountResponse.From(account) : null;

    public async Task<IReadOnlyList<AccountResponse>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Accounts.AsNoTracking().OrderByDescending(a => a.CreatedAt).ToListAsync(cancellationToken))
            .Select(AccountResponse.From)
            .ToList();

    /// <summary>The key that made a request, its account and the account's quotas.</summary>
    public async Task<CallerAccountResponse> GetCallerAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var key = new CallerKeyResponse(caller.KeyId(), caller.Identity?.Name ?? "", caller.Scopes());
        if (caller.AccountId() is not { } accountId
            || await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken) is not { } account)
            return new CallerAccountResponse(null, key, null);
        return new CallerAccountResponse(AccountResponse.From(account), key, await quotas.UsageAsync(account, cancellationToken));
    }

    /// <summary>Gives the caller's account a new webhook secret; the old one signs nothing from now on.</summary>
    public async Task<ServiceResult<WebhookSecretResponse>> RotateWebhookSecretAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var account = caller.AccountId() is { } accountId ? await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken) : null;
        if (account is null)
            return ServiceError.Conflict("This key belongs to no account: webhooks of the operator's keys are signed with the service-wide secret "
                + "(Generations:WebhookSecret, or the file secrets/webhook-secret in the data folder), which only the operator changes.");
        account.WebhookSecret = WebhookSecret.Generate().ToString();
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretResponse(account.WebhookSecret);
    }
}
