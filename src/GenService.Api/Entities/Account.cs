namespace GenService.Api.Entities;

/// <summary>Whom keys belong to: a customer or team. Today an account only groups keys; it is where tenancy
/// (whose datasets, models and generations a key sees) will hang.</summary>
public sealed class Account
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }
}
