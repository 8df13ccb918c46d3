using GenService.Api.Infrastructure;

namespace GenService.Api.Tests.Infrastructure;

/// <summary>A test against real PostgreSQL. Skipped only when no server was started for the run;
/// tests/run-tests.sh (and so CI) always starts one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.BaseConnectionString is null)
            Skip = $"{PostgresServer.EnvironmentVariable} is not set (tests/run-tests.sh starts PostgreSQL).";
    }
}

/// <summary>A theory run once per database provider; PostgreSQL cases need a server as above.</summary>
public sealed class DatabaseProvidersAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(global::System.Reflection.MethodInfo testMethod)
    {
        yield return [DatabaseProvider.Sqlite];
        if (PostgresServer.BaseConnectionString is not null)
            yield return [DatabaseProvider.Postgres];
    }
}
