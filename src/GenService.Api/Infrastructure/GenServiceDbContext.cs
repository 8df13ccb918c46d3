using GenService.Api.Accounts;
using GenService.Api.Entities;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Infrastructure;

/// <summary>
/// The service's database. Each provider has its own subclass only so that each keeps its own
/// migrations (EF ties a migration set to one context type); the model itself is shared.
/// </summary>
/// <remarks>Every query of an account's records sees only the <see cref="Caller"/>'s account's, so a service finds
/// another account's record as it finds a missing one; a context without a caller (design time, tests) sees all.</remarks>
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

    /// <summary>Set whenever the context is handed out (see AddApplicationServices): a pooled context outlives a request.</summary>
    public Caller? Caller { get; set; }

    /// <summary>Read by the query filters at each query, so a context taken before the key was checked filters by it all the same.</summary>
    private Guid? VisibleAccountId => Caller?.VisibleAccountId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GenServiceDbContext).Assembly);
        modelBuilder.Entity<Dataset>().HasQueryFilter(d => VisibleAccountId == null || d.AccountId == VisibleAccountId);
        modelBuilder.Entity<DatasetFeatureNetwork>().HasQueryFilter(f => VisibleAccountId == null || f.AccountId == VisibleAccountId);
        modelBuilder.Entity<GenerativeModel>().HasQueryFilter(m => VisibleAccountId == null || m.AccountId == VisibleAccountId);
        modelBuilder.Entity<TrainingRun>().HasQueryFilter(r => VisibleAccountId == null || r.AccountId == VisibleAccountId);
        modelBuilder.Entity<ModelEvaluation>().HasQueryFilter(e => VisibleAccountId == null || e.AccountId == VisibleAccountId);
        modelBuilder.Entity<Generation>().HasQueryFilter(g => VisibleAccountId == null || g.AccountId == VisibleAccountId);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite gives DateTime back as Unspecified and Npgsql refuses non-UTC values: store UTC, read UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class PostgresGenServiceDbContext(DbContextOptions<PostgresGenServiceDbContext> options) : GenServiceDbContext(options);

public sealed class SqliteGenServiceDbContext(DbContextOptions<SqliteGenServiceDbContext> options) : GenServiceDbContext(options);
