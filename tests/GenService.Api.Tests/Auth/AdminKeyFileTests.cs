using System.Net;
using System.Net.Http.Headers;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Auth;

/// <summary>With no Auth:AdminKey, the first start writes an admin key to DATA/secrets/admin-key, and later starts use it.</summary>
public sealed class AdminKeyFileTests
{
    [Fact]
    public async Task TheFirstStartWritesAnAdminKeyOnlyItsUserCanReadAndARestartKeepsIt()
    {
        string dataDirectory;
        string key;
        using (var first = WithoutConfiguredKey(new GenServiceFactory { KeepData = true }))
        {
            dataDirectory = first.DataDirectory;
            using var client = first.CreateClient();
            var file = Path.Combine(dataDirectory, "secrets", "admin-key");
            key = File.ReadAllText(file).Trim();
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/keys")).StatusCode);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/keys")).StatusCode);
        }

        using var second = WithoutConfiguredKey(new GenServiceFactory(dataDirectory: dataDirectory));
        using var restarted = second.CreateAnonymousClient();
        restarted.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await restarted.GetAsync("/v1/keys")).StatusCode);
        Assert.Equal(key, File.ReadAllText(Path.Combine(dataDirectory, "secrets", "admin-key")).Trim());
    }

    private static GenServiceFactory WithoutConfiguredKey(GenServiceFactory factory)
    {
        factory.Settings["Auth:AdminKey"] = "";
        return factory;
    }
}
