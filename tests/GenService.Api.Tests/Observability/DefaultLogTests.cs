using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace GenService.Api.Tests.Observability;

/// <summary>What a person running the service reads: the built program started as <c>dotnet run</c> starts it, from
/// another working directory, with nothing configured but a port and a data folder.</summary>
public sealed partial class DefaultLogTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("genservice-log-");
    private readonly ConcurrentQueue<string> lines = new();

    [Fact]
    public async Task TheDefaultLogShowsTheSwaggerAddressButNoDatabaseCommandsOrRouting()
    {
        using var service = Start();
        var address = await WaitForLineAsync(ListeningOn(), service);
        using var client = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value) };
        var adminKey = File.ReadAllText(Path.Combine(folder.FullName, "data", "secrets", "admin-key")).Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        // Routing and a database query, each logged at Information by the framework.
        (await client.GetAsync("/v1/models")).EnsureSuccessStatusCode();
        await WaitForLineAsync(SwaggerAddress(), service);
        service.Kill(entireProcessTree: true);
        await service.WaitForExitAsync();

        Assert.DoesNotContain(lines, line => line.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Microsoft.AspNetCore.Http.Result", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFirstStartSaysWhereItWroteTheWebhookSecret()
    {
        using var service = Start();
        var written = await WaitForLineAsync(WebhookSecretWritten(), service);
        service.Kill(entireProcessTree: true);
        await service.WaitForExitAsync();

        Assert.Equal(Path.Combine(folder.FullName, "data", "secrets", "webhook-secret"), written.Groups[1].Value);
        Assert.StartsWith("whsec_", File.ReadAllText(written.Groups[1].Value));
    }

    [Fact]
    public async Task TheFirstStartSaysWhereItWroteTheAdminKeyButNotTheKey()
    {
        using var service = Start();
        var written = await WaitForLineAsync(AdminKeyWritten(), service);
        service.Kill(entireProcessTree: true);
        await service.WaitForExitAsync();

        Assert.Equal(Path.Combine(folder.FullName, "data", "secrets", "admin-key"), written.Groups[1].Value);
        var key = File.ReadAllText(written.Groups[1].Value).Trim();
        Assert.StartsWith("gs_", key);
        Assert.DoesNotContain(lines, line => line.Contains(key, StringComparison.Ordinal));
    }

    public void Dispose() => folder.Delete(recursive: true);

    private Process Start()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "GenService.Api.dll")])
        {
            WorkingDirectory = folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what the test needs: no level or environment of the test runner's may leak in.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Postgres"] = "";
        start.Environment["Storage__DataDirectory"] = Path.Combine(folder.FullName, "data");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        var service = new Process { StartInfo = start };
        service.OutputDataReceived += (_, e) => Keep(e.Data);
        service.ErrorDataReceived += (_, e) => Keep(e.Data);
        service.Start();
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        return service;
    }

    private void Keep(string? line)
    {
        if (line is not null)
            lines.Enqueue(line);
    }

    private async Task<Match> WaitForLineAsync(Regex pattern, Process service)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            foreach (var line in lines)
            {
                if (pattern.Match(line) is { Success: true } match)
                    return match;
            }
            await Task.Delay(50);
        }
        service.Kill(entireProcessTree: true);
        Assert.Fail($"The service never logged /{pattern}/. Its log:\n{string.Join('\n', lines)}");
        return null!;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"Swagger UI: http://127\.0\.0\.1:\d+/swagger")]
    private static partial Regex SwaggerAddress();

    [GeneratedRegex(@"signed with a new secret, written to (\S+webhook-secret)")]
    private static partial Regex WebhookSecretWritten();

    [GeneratedRegex(@"A new admin key was written to (\S+admin-key)")]
    private static partial Regex AdminKeyWritten();
}
