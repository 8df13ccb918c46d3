using System.ComponentModel.DataAnnotations;
using GenService.Api.Generations;

namespace GenService.Api.Tests.Generations;

public class GenerationOptionsTests
{
    [Fact]
    public void AllowedNetworksAndTheSecretAreCheckedAtStart()
    {
        Assert.Empty(Errors(new GenerationOptions { WebhookAllowedNetworks = ["127.0.0.1/32", "10.1.0.0/16", "fd00::/8"], WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }));

        Assert.Contains(Errors(new GenerationOptions { WebhookAllowedNetworks = ["10.1.2.3"] }), e => e.Contains("CIDR"));
        Assert.Contains(Errors(new GenerationOptions { WebhookAllowedNetworks = ["localhost/8"] }), e => e.Contains("CIDR"));
        Assert.Contains(Errors(new GenerationOptions { WebhookSecret = "hunter2" }), e => e.Contains("whsec_"));
    }

    private static List<string> Errors(GenerationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }
}
