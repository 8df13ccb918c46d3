using System.Net.Http.Headers;
using GenService.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GenService.Api.Tests.Infrastructure;

/// <summary>
/// Hosts the whole service in memory against a fresh data folder and a fresh database: a SQLite file,
/// or a new database on the PostgreSQL server named by GENSERVICE_TEST_POSTGRES. Both are deleted
/// afterwards, unless <see cref="KeepData"/> hands them to a second factory (a restart). Its clients send
/// <see cref="AdminKey"/>.
/// </summary>
public class GenServiceFactory : WebApplicationFactory<Program>
{
    /// <summary>The admin key of every test host (Auth:AdminKey): a fixed one, so that a restarted host takes it too.</summary>
    public const string AdminKey = "gs_test-admin-key-of-every-test-host-000000000";

    /// <param name="dataDirectory">An existing data folder to take over, e.g. from a factory that "crashed".</param>
    /// <param name="postgresConnectionString">An existing test database to take over.</param>
    public GenServiceFactory(DatabaseProvider provider = DatabaseProvider.Sqlite, string? dataDirectory = null, string? postgresConnectionString = null)
    {
        Provider = provider;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("genservice-test-").FullName;
        if (provider == DatabaseProvider.Postgres)
            PostgresConnectionString = postgresConnectionString ?? PostgresServer.CreateDatabase($"genservice_test_{Guid.NewGuid():N}");
    }

    /// <summary>Leave the data folder and database in place at dispose, for a factory that restarts on them.</summary>
    public bool KeepData { get; set; }

    public DatabaseProvider Provider { get; }

    public string DataDirectory { get; }

    public string? PostgresConnectionString { get; }

    /// <summary>Extra settings a test wants, applied on top of the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Services a test puts in place of the service's own, registered after them.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("ConnectionStrings:Postgres", PostgresConnectionString ?? "");
        builder.UseSetting("Auth:AdminKey", AdminKey);
        builder.UseSetting("Training:ValidationFraction", "0.2");
        // Evaluations stay small and off unless a test asks for them: they would only slow the other tests down.
        builder.UseSetting("Evaluation:AfterTraining", "false");
        builder.UseSetting("Evaluation:SampleCount", "20");
        builder.UseSetting("Evaluation:KidSubsets", "10");
        builder.UseSetting("Evaluation:KidSubsetSize", "10");
        builder.UseSetting("Evaluation:PollInterval", "00:00:00.100");
        builder.UseSetting("Evaluation:FeatureNetwork:Steps", "30");
        builder.UseSetting("Evaluation:FeatureNetwork:BaseChannels", "4");
        builder.UseSetting("Evaluation:FeatureNetwork:BatchSize", "32");
        builder.UseSetting("Evaluation:FeatureNetwork:LearningRate", "0.01");
        builder.UseSetting("Evaluation:SegmentationNetwork:Steps", "5");
        builder.UseSetting("Evaluation:SegmentationNetwork:BaseChannels", "4");
        builder.UseSetting("Evaluation:SegmentationNetwork:BatchSize", "4");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(StopOnceHostedService.WrapJobServers);
        if (TestServices is not null)
            builder.ConfigureTestServices(TestServices);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>A client that sends no key.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public T GetService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || KeepData)
            return;
        if (PostgresConnectionString is not null)
            PostgresServer.DropDatabase(new NpgsqlConnectionStringBuilder(PostgresConnectionString).Database!);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background job; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The PostgreSQL server the test command started (tests/run-tests.sh), if any.</summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "GENSERVICE_TEST_POSTGRES";

    public static string? BaseConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static string CreateDatabase(string name)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(BaseConnectionString
            ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set: run the tests with tests/run-tests.sh, which starts PostgreSQL."));
        connection.Open();
        return connection;
    }
}
