using System.Globalization;
using System.Threading.RateLimiting;
using GenService.Api.Auth;
using Microsoft.Extensions.Options;

namespace GenService.Api.Quotas;

/// <summary>
/// One token bucket per account for the generation routes (<see cref="GenerationRateLimitRoutes"/>): it holds
/// <see cref="QuotaOptions.GenerationBurst"/> tokens, each request takes one, and it refills at
/// <see cref="QuotaOptions.GenerationRequestsPerSecond"/>. Requests of keys without an account, and of other
/// routes, take nothing. It is ASP.NET Core's rate-limiting middleware's global limiter (<see cref="Requests"/>).
/// </summary>
/// <remarks>The buckets live in this process's memory: each API node keeps its own, so behind a load balancer
/// of n nodes an account may make up to n times the rate. That is accepted: the limit is there to keep one
/// account from flooding a node, and the nodes' queues (the admission gate) protect the devices.</remarks>
public sealed class GenerationRateLimiter : IDisposable
{
    public const string LimitHeader = "RateLimit-Limit";

    public const string RemainingHeader = "RateLimit-Remaining";

    public const string ResetHeader = "RateLimit-Reset";

    private readonly PartitionedRateLimiter<Guid?> buckets;

    public GenerationRateLimiter(IOptions<QuotaOptions> options)
    {
        var rate = options.Value.GenerationRequestsPerSecond;
        Burst = options.Value.GenerationBurst;
        RequestsPerSecond = rate;
        // Whole tokens per refill, as the bucket adds them; the period makes the average rate exact.
        var tokensPerPeriod = Math.Max(1, (int)Math.Round(rate));
        RefillPeriod = TimeSpan.FromSeconds(tokensPerPeriod / rate);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = RefillPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        buckets = PartitionedRateLimiter.Create<Guid?, Guid>(account => account is { } id
            ? RateLimitPartition.GetTokenBucketLimiter(id, _ => bucket)
            : RateLimitPartition.GetNoLimiter(Guid.Empty));
        Requests = buckets.WithTranslatedKey<HttpContext>(LimitedAccount, leaveOpen: true);
    }

    public double RequestsPerSecond { get; }

    public int Burst { get; }

    /// <summary>How often tokens are added: the longest a client waits for the next one.</summary>
    public TimeSpan RefillPeriod { get; }

    /// <summary>The limiter of requests, for the rate-limiting middleware.</summary>
    public PartitionedRateLimiter<HttpContext> Requests { get; }

    /// <summary>Tokens left in the account's bucket, none taken.</summary>
    public long Remaining(Guid accountId) => buckets.GetStatistics(accountId)?.CurrentAvailablePermits ?? Burst;

    /// <summary>The account whose bucket a request takes from; null when the request is not limited.</summary>
    public static Guid? LimitedAccount(HttpContext context) =>
        context.GetEndpoint() is { } endpoint && GenerationRateLimitRoutes.IsLimited(endpoint.Metadata) ? context.User.AccountId() : null;

    /// <summary>The draft IETF RateLimit headers: the bucket's size, the tokens left, and the seconds until the next
    /// refill at most (the bucket does not say how far into its period it is).</summary>
    public void WriteHeaders(HttpResponse response, long remaining, TimeSpan reset)
    {
        response.Headers[LimitHeader] = Burst.ToString(CultureInfo.InvariantCulture);
        response.Headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[ResetHeader] = Seconds(reset);
    }

    /// <summary>Whole seconds, rounded up: an earlier retry would be refused again.</summary>
    public static string Seconds(TimeSpan wait) => ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Requests.Dispose();
        buckets.Dispose();
    }
}
