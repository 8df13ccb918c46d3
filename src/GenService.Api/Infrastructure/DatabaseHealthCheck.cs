using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenService.Api.Infrastructure;

/// <summary>Readiness: the service is useless without its database.</summary>
internal sealed class DatabaseHealthCheck(GenServiceDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", exception);
        }
    }
}
