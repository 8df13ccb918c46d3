using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Auth;

public class AccountOwnersMigrationTests
{
    // A dataset as the schema before AddAccountOwners holds it, owned by no one.
    private const string InsertOldRow =
        "INSERT INTO \"Datasets\" (\"Id\", \"Name\", \"Source\", \"Kind\", \"Channels\", \"ImageHeight\", \"ImageWidth\", \"ItemCount\", \"Classes\", " +
        "\"StorageLocation\", \"Checksum\", \"SizeBytes\", \"CreatedAt\") " +
        "VALUES ('0195F3A2-0000-7000-8000-000000000002', 'old', 'upload', 'Images', 1, 28, 28, 3, '[]', 'datasets/old', 'abc', 10, '2026-12-01 00:00:00')";

    [Theory, DatabaseProviders]
    public async Task RecordsStoredBeforeAccountsOwnedThemBecomeTheOperatorAccounts(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("owners-migration-").FullName;
        var postgresDatabase = provider == DatabaseProvider.Postgres ? $"genservice_test_{Guid.NewGuid():N}" : null;
        try
        {
            await using var db = provider == DatabaseProvider.Postgres
                ? (GenServiceDbContext)new PostgresGenServiceDbContext(new DbContextOptionsBuilder<PostgresGenServiceDbContext>()
                    .UseNpgsql(PostgresServer.CreateDatabase(postgresDatabase!)).Options)
                : new SqliteGenServiceDbContext(new DbContextOptionsBuilder<SqliteGenServiceDbContext>()
                    .UseSqlite($"Data Source={Path.Combine(folder, "old.db")};Pooling=False").Options);
            var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
            await migrator.MigrateAsync("AddGenerationPrompts");
            await db.Database.ExecuteSqlRawAsync(InsertOldRow);

            await migrator.MigrateAsync();

            Assert.Equal(Account.OperatorId, (await db.Datasets.AsNoTracking().SingleAsync()).AccountId);
            Assert.Equal(Account.OperatorName, (await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == Account.OperatorId)).Name);
        }
        finally
        {
            if (postgresDatabase is not null)
                PostgresServer.DropDatabase(postgresDatabase);
            Directory.Delete(folder, recursive: true);
        }
    }
}
