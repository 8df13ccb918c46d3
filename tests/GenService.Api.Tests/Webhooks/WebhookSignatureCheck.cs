using System.Security.Cryptography;
using System.Text;

namespace GenService.Api.Tests.Webhooks;

/// <summary>What a receiver does to check a call, written from the Standard Webhooks specification rather than
/// with the service's code: HMAC-SHA256 keyed with the base64 after whsec_, over "{id}.{timestamp}.{body}".</summary>
public static class WebhookSignatureCheck
{
    public static string Expected(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(new HMACSHA256(key).ComputeHash(signed));
    }
}
