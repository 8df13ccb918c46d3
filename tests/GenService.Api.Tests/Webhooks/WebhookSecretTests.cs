using System.Text;
using GenService.Api.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenService.Api.Tests.Webhooks;

public class WebhookSecretTests
{
    [Fact]
    public void SignsTheSpecificationsTestVector()
    {
        // The example of the Standard Webhooks reference libraries' tests.
        Assert.True(WebhookSecret.TryParse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out var secret));
        var signature = secret.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void AGeneratedSecretSignsAsAnIndependentComputationDoes()
    {
        var secret = WebhookSecret.Generate();
        var written = secret.ToString();
        Assert.StartsWith("whsec_", written);
        Assert.Equal(WebhookSecret.GeneratedBytes, Convert.FromBase64String(written["whsec_".Length..]).Length);
        var body = Encoding.UTF8.GetBytes("{\"id\":\"é\"}");

        Assert.Equal(WebhookSignatureCheck.Expected(written, "msg_1", "1700000000", body), secret.Sign("msg_1", 1700000000, body));
        Assert.True(WebhookSecret.TryParse(written, out var read));
        Assert.Equal(secret.Sign("msg_1", 1700000000, body), read.Sign("msg_1", 1700000000, body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void RefusesWhatIsNotASecret(string text) => Assert.False(WebhookSecret.TryParse(text, out _));

    [Fact]
    public void TheFirstStartWritesASecretOnlyItsUserCanReadAndLaterStartsKeepIt()
    {
        var folder = Directory.CreateTempSubdirectory("genservice-secret-").FullName;
        try
        {
            var file = Path.Combine(folder, "secrets", "webhook-secret");
            var first = WebhookSecretStore.Load(null, file, NullLogger.Instance);
            var second = WebhookSecretStore.Load("", file, NullLogger.Instance);

            Assert.Equal(first.ToString(), second.ToString());
            Assert.Equal(first.ToString(), File.ReadAllText(file).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AConfiguredSecretIsUsedAndNothingIsWritten()
    {
        var folder = Directory.CreateTempSubdirectory("genservice-secret-").FullName;
        try
        {
            var file = Path.Combine(folder, "secrets", "webhook-secret");
            var secret = WebhookSecretStore.Load("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", file, NullLogger.Instance);

            Assert.Equal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", secret.ToString());
            Assert.False(File.Exists(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
