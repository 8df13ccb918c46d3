using System.Text.Json;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Jobs;
using Npgsql;

namespace GenService.Api.Tests.Nodes;

/// <summary>
/// Two processes of the built service on one PostgreSQL database and one data folder, as two machines of a
/// deployment would share them; each is a <see cref="ServiceProcess"/> with its own name and roles.
/// </summary>
public sealed class TwoNodes : IDisposable
{
    /// <summary>Short job-queue timings, so that a killed node's job comes back in seconds rather than a minute.</summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(4);

    private readonly string dataDirectory;
    private readonly string database;

    private TwoNodes(string dataDirectory, string database, ServiceProcess first, ServiceProcess second)
    {
        this.dataDirectory = dataDirectory;
        this.database = database;
        First = first;
        Second = second;
    }

    /// <summary>Named "node-a".</summary>
    public ServiceProcess First { get; }

    /// <summary>Named "node-b".</summary>
    public ServiceProcess Second { get; }

    /// <summary>The node of this name ("node-a" or "node-b").</summary>
    public ServiceProcess Named(string name) => name == "node-a" ? First : Second;

    public static async Task<TwoNodes> StartAsync(string firstRoles, string secondRoles)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-test-").FullName;
        var database = PostgresServer.CreateDatabase($"genservice_test_{Guid.NewGuid():N}");
        ServiceProcess? first = null;
        try
        {
            // One after the other: each applies the migrations and writes the shared secrets at its start.
            first = await ServiceProcess.StartAsync(Settings("node-a", firstRoles, dataDirectory, database));
            var second = await ServiceProcess.StartAsync(Settings("node-b", secondRoles, dataDirectory, database));
            return new TwoNodes(dataDirectory, database, first, second);
        }
        catch
        {
            first?.Dispose();
            Clean(dataDirectory, database);
            throw;
        }
    }

    /// <summary>The node a training run's lease names, while a worker holds it.</summary>
    public string? RunHolder(Guid runId) => Holder("TrainingRuns", runId);

    /// <summary>The node a generation's lease names, while a worker holds it.</summary>
    public string? GenerationHolder(Guid generationId) => Holder("Generations", generationId);

    /// <summary>The job servers that took up a run's job, in order: one per Processing state Hangfire recorded,
    /// so a job fetched again by another server while its worker lives would show here.</summary>
    public IReadOnlyList<string> ServersThatProcessedRun(Guid runId)
    {
        var jobId = Query<string>("""SELECT "JobId" FROM "TrainingRuns" WHERE "Id" = @id""", ("id", runId));
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT data::text FROM hangfire.state WHERE jobid = @job AND name = 'Processing' ORDER BY id", connection);
        command.Parameters.AddWithValue("job", long.Parse(jobId!));
        using var reader = command.ExecuteReader();
        var servers = new List<string>();
        while (reader.Read())
        {
            using var data = JsonDocument.Parse(reader.GetString(0));
            servers.Add(data.RootElement.GetProperty("ServerId").GetString()!);
        }
        return servers;
    }

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
        Clean(dataDirectory, database);
    }

    private string? Holder(string table, Guid id) =>
        Query<string?>($"""SELECT "LeaseOwner" FROM "{table}" WHERE "Id" = @id""", ("id", id))?.Split(':')[0];

    private T? Query<T>(string sql, (string Name, object Value) parameter)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        return command.ExecuteScalar() is T value ? value : default;
    }

    private static void Clean(string dataDirectory, string database)
    {
        PostgresServer.DropDatabase(new NpgsqlConnectionStringBuilder(database).Database!);
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>The test host's small settings (see <see cref="GenServiceFactory"/>), frequent checkpoints, and
    /// leases and job-queue timeouts of seconds.</summary>
    private static Dictionary<string, string> Settings(string name, string roles, string dataDirectory, string database) => new()
    {
        ["Node:Name"] = name,
        ["Node:Roles"] = roles,
        ["Storage:DataDirectory"] = dataDirectory,
        ["ConnectionStrings:Postgres"] = database,
        ["Jobs:InvisibilityTimeout"] = InvisibilityTimeout.ToString(),
        ["Jobs:QueuePollInterval"] = "00:00:00.500",
        ["Training:ValidationFraction"] = "0.2",
        ["Training:CheckpointEvery"] = "5",
        ["Jobs:LeaseDuration"] = "00:00:03",
        ["Training:PollInterval"] = "00:00:00.200",
        ["Evaluation:AfterTraining"] = "false",
        ["Evaluation:SampleCount"] = "20",
        ["Evaluation:KidSubsets"] = "10",
        ["Evaluation:KidSubsetSize"] = "10",
        ["Evaluation:PollInterval"] = "00:00:00.100",
        ["Evaluation:FeatureNetwork:Steps"] = "30",
        ["Evaluation:FeatureNetwork:BaseChannels"] = "4",
        ["Evaluation:FeatureNetwork:BatchSize"] = "32",
        ["Evaluation:FeatureNetwork:LearningRate"] = "0.01",
    };
}
