using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Auth;

/// <summary>How the service's own admin key is found. Bound from "Auth".</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    public const string AdminKeyFormat = "Must be gs_ followed by the unpadded base64url of 32 random bytes (43 characters).";

    /// <summary>An admin key (gs_ and 43 base64url characters), e.g. from a secret store, for deployments whose
    /// processes do not share a data folder. Empty: one is generated on first start and kept in the data folder
    /// (<see cref="Infrastructure.StorageLayout.AdminKey"/>).</summary>
    public string? AdminKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdminKey) && !ApiKeySecret.TryParse(AdminKey, out _))
            yield return new ValidationResult(AdminKeyFormat, [nameof(AdminKey)]);
    }
}
