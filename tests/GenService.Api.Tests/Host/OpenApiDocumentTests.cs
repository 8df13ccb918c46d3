using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Host;

/// <summary>openapi.yaml at the repository root is the contract: it must be exactly what the service serves.</summary>
public class OpenApiDocumentTests
{
    private const string UpdateVariable = "GENSERVICE_UPDATE_OPENAPI";

    [Fact]
    public async Task TheCommittedDocumentMatchesWhatTheServiceServes()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var served = Normalize(await client.GetStringAsync("/swagger/v1/swagger.yaml"));
        var path = Path.Combine(RepositoryRoot(), "openapi.yaml");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            await File.WriteAllTextAsync(path, served);

        Assert.True(File.Exists(path), $"openapi.yaml is missing; run `{UpdateVariable}=1 dotnet test --filter OpenApiDocumentTests` to write it.");
        var committed = Normalize(await File.ReadAllTextAsync(path));
        Assert.True(committed == served,
            $"openapi.yaml differs from what the service serves. If the API change is intended, run `{UpdateVariable}=1 dotnet test tests/GenService.Api.Tests --filter OpenApiDocumentTests` and commit the file.");
    }

    private static string Normalize(string yaml) => yaml.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GenService.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("GenService.sln not found above the test folder.");
    }
}
