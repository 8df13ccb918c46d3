using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GenService.Api.Webhooks;

/// <summary>
/// The key webhook calls are signed with, as the Standard Webhooks specification
/// (https://www.standardwebhooks.com) has it: written <c>whsec_</c> + base64 of the key's bytes, and each call
/// signed with <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")).
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>Bytes of a generated key: the specification asks for 24 to 64.</summary>
    public const int GeneratedBytes = 32;

    private readonly byte[] key;

    private WebhookSecret(byte[] key) => this.key = key;

    public static WebhookSecret Generate() => new(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Reads the <c>whsec_</c> form; as the reference libraries do, the prefix may be left out.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret)
    {
        secret = null;
        var encoded = text?.Trim() ?? "";
        if (encoded.StartsWith(Prefix, StringComparison.Ordinal))
            encoded = encoded[Prefix.Length..];
        var bytes = new byte[encoded.Length];
        if (encoded.Length == 0 || !Convert.TryFromBase64String(encoded, bytes, out var written) || written < 16)
            return false;
        secret = new WebhookSecret(bytes[..written]);
        return true;
    }

    /// <returns>The webhook-signature header's value for one call.</returns>
    public string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    public override string ToString() => Prefix + Convert.ToBase64String(key);
}
