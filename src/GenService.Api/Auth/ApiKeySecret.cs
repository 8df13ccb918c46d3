using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace GenService.Api.Auth;

/// <summary>
/// The text of an API key: <c>gs_</c> and the unpadded base64url of 32 random bytes. Such a key cannot be guessed,
/// so a plain SHA-256 of it is safe to store and quick to check on every request (a slow password hash is for
/// secrets people choose).
/// </summary>
public sealed class ApiKeySecret
{
    public const string Marker = "gs_";

    private const int RandomBytes = 32;

    /// <summary>Characters after <see cref="Marker"/> kept as the key's displayed prefix.</summary>
    private const int PrefixCharacters = 8;

    private static readonly int TextLength = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);

    private static readonly SearchValues<char> Base64UrlCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly string text;

    private ApiKeySecret(string text) => this.text = text;

    /// <summary>e.g. <c>gs_Ab3dE-9z</c>: enough to tell keys apart in a listing, far too little to use.</summary>
    public string Prefix => text[..(Marker.Length + PrefixCharacters)];

    public byte[] Hash() => SHA256.HashData(Encoding.ASCII.GetBytes(text));

    public static ApiKeySecret Generate() => new(Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes)));

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeySecret? key)
    {
        key = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length != TextLength || !trimmed.StartsWith(Marker, StringComparison.Ordinal)
            || trimmed.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlCharacters))
            return false;
        key = new ApiKeySecret(trimmed);
        return true;
    }

    public override string ToString() => text;
}
