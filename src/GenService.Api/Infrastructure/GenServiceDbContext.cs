using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Infrastructure;

/// <summary>
/// The service's database. Each provider has its own subclass only so that each keeps its own
/// migrations (EF ties a migration set to one context type); the model itself is shared.
/// </summary>
public abstract class GenServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<GenerativeModel> Models => Set<GenerativeModel>();

    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();

    public DbSet<TrainingRunMetric> TrainingRunMetrics => Set<TrainingRunMetric>();

    public DbSet<DatasetFeatureNetwork> FeatureNetworks => Set<DatasetFeatureNetwork>();

    public DbSet<ModelEvaluation> Evaluations => Set<ModelEvaluation>();
    public DbSet<Generation> Generations => Set<Generation>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GenServiceDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite gives DateTime back as Unspecified and Npgsql refuses non-UTC values: store UTC, read UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class PostgresGenServiceDbContext(DbContextOptions<PostgresGenServiceDbContext> options) : GenServiceDbContext(options);

public sealed class SqliteGenServiceDbContext(DbContextOptions<SqliteGenServiceDbContext> options) : GenServiceDbContext(options);
