using GenService.Api.Auth;
using GenService.Api.Entities;

namespace GenService.Api.Accounts;

/// <summary>
/// Whom the current request acts for: the account its key belongs to, which owns what the request creates and is
/// the only account whose records it sees (<see cref="Infrastructure.GenServiceDbContext"/> filters every query by
/// it), unless the key has the admin scope, which sees every account's. Work outside a request (jobs, start-up
/// recovery, webhook calls) has no caller: it sees every record and acts for each record's owner.
/// </summary>
public sealed class Caller(IHttpContextAccessor http)
{
    /// <summary>The account records the request creates belong to.</summary>
    public Guid AccountId => http.HttpContext?.User.AccountId() ?? Account.OperatorId;

    /// <summary>The only account whose records are seen; null for every account's (an admin key, or no request).</summary>
    public Guid? VisibleAccountId =>
        http.HttpContext is not { } context || context.User.HasClaim(ApiScope.ClaimType, ApiScope.Admin) ? null : AccountId;

    /// <summary>Whether a record of the account is seen, as the database's query filters decide, for what is found without a query.</summary>
    public bool Sees(Guid accountId) => VisibleAccountId is not { } only || only == accountId;
}
