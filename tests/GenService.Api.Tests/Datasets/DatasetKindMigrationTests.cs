using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Families;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Datasets;

public class DatasetKindMigrationTests
{
    private static readonly Guid OldId = Guid.Parse("0195f3a2-0000-7000-8000-000000000001");

    // A row as the schema before AddDatasetKinds holds it, when "Kind" meant the source.
    private const string InsertOldRow =
        "INSERT INTO \"Datasets\" (\"Id\", \"Name\", \"Kind\", \"Channels\", \"ImageHeight\", \"ImageWidth\", \"ItemCount\", \"Classes\", " +
        "\"StorageLocation\", \"Checksum\", \"SizeBytes\", \"CreatedAt\") " +
        "VALUES ('0195F3A2-0000-7000-8000-000000000001', 'old', 'fashion-mnist', 1, 28, 28, 3, '[]', 'datasets/old', 'abc', 10, '2026-11-30 00:00:00')";

    [Theory, DatabaseProviders]
    public async Task DatasetsStoredBeforeKindsBecomeImagesAndKeepTheirSource(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("kind-migration-").FullName;
        var postgresDatabase = provider == DatabaseProvider.Postgres ? $"genservice_test_{Guid.NewGuid():N}" : null;
        try
        {
            await using var db = provider == DatabaseProvider.Postgres
                ? (GenServiceDbContext)new PostgresGenServiceDbContext(new DbContextOptionsBuilder<PostgresGenServiceDbContext>()
                    .UseNpgsql(PostgresServer.CreateDatabase(postgresDatabase!)).Options)
                : new SqliteGenServiceDbContext(new DbContextOptionsBuilder<SqliteGenServiceDbContext>()
                    .UseSqlite($"Data Source={Path.Combine(folder, "old.db")};Pooling=False").Options);
            var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
            await migrator.MigrateAsync("AddEvaluations");
            await db.Database.ExecuteSqlRawAsync(InsertOldRow);

            await migrator.MigrateAsync();

            var dataset = await db.Datasets.AsNoTracking().SingleAsync();
            Assert.Equal((OldId, DatasetKind.Images, "fashion-mnist", (int?)null), (dataset.Id, dataset.Kind, dataset.Source, dataset.ChannelsB));
        }
        finally
        {
            if (postgresDatabase is not null)
                PostgresServer.DropDatabase(postgresDatabase);
            Directory.Delete(folder, recursive: true);
        }
    }
}
