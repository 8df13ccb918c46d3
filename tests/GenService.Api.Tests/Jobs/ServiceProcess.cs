using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Jobs;

/// <summary>The service as a process of its own (the GenService.Api.dll built beside the tests), listening on
/// 127.0.0.1, so that a test can kill it as a crash would: no shutdown code runs. Its admin key, which
/// <see cref="Client"/> sends, is the test hosts' (<see cref="GenServiceFactory.AdminKey"/>).</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = address };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GenServiceFactory.AdminKey);
    }

    public HttpClient Client { get; }

    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Output => string.Join('\n', output.TakeLast(200));

    /// <param name="settings">Configuration keys ("Training:WorkerCount") and values, passed as environment variables.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GenService.Api.dll"));
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Auth__AdminKey"] = GenServiceFactory.AdminKey;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;

        var service = new ServiceProcess(Process.Start(start)!, address);
        service.process.OutputDataReceived += (_, line) => service.output.Enqueue(line.Data ?? "");
        service.process.ErrorDataReceived += (_, line) => service.output.Enqueue(line.Data ?? "");
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        await service.WaitUntilLiveAsync();
        return service;
    }

    /// <summary>SIGKILL on Linux: the process ends at once, mid-job.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
            Kill();
        process.Dispose();
        Client.Dispose();
    }

    private async Task WaitUntilLiveAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            Assert.False(process.HasExited, $"The service exited with {(process.HasExited ? process.ExitCode : 0)}:\n{Output}");
            try
            {
                if ((await Client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"The service did not answer within a minute:\n{Output}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
