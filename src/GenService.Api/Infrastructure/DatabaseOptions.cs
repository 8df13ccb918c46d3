namespace GenService.Api.Infrastructure;

/// <summary>Which database the service uses: PostgreSQL when "ConnectionStrings:Postgres" is set,
/// otherwise a SQLite file in the data folder, so the service runs with nothing installed.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseOptions FromConfiguration(IConfiguration configuration, StorageOptions storage)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
            return new DatabaseOptions(DatabaseProvider.Postgres, postgres);
        var sqlite = configuration.GetConnectionString("Sqlite");
        return new DatabaseOptions(
            DatabaseProvider.Sqlite,
            string.IsNullOrWhiteSpace(sqlite) ? $"Data Source={Path.Combine(storage.RootPath, "genservice.db")}" : sqlite);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
