using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Accounts;

/// <summary>Accounts, each made with its first key.</summary>
public sealed class AccountService(GenServiceDbContext db, ApiKeyService keys, TimeProvider time)
{
    /// <summary>The account and its first key are saved together: neither exists without the other.</summary>
    public async Task<ServiceResult<CreatedAccountResponse>> CreateAsync(CreateAccountRequest request, CancellationToken cancellationToken)
    {
        if (keys.Check(request.Name, request.Scopes, request.ExpiresAt) is { Count: > 0 } errors)
            return ServiceError.Invalid(errors);

        var account = new Account { Id = Guid.NewGuid(), Name = request.Name.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime };
        var (key, firstKey) = keys.NewKey(request.Name, request.Scopes, request.ExpiresAt, account.Id);
        db.Accounts.Add(account);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccountResponse(AccountResponse.From(account), firstKey);
    }

    public async Task<AccountResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } account ? AccountResponse.From(account) : null;

    public async Task<IReadOnlyList<AccountResponse>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Accounts.AsNoTracking().OrderByDescending(a => a.CreatedAt).ToListAsync(cancellationToken))
            .Select(AccountResponse.From)
            .ToList();
}
