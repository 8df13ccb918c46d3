namespace GenService.Api.Entities;

/// <summary>Whom keys and records belong to: a customer or team. A key sees its own account's datasets, models,
/// runs, evaluations and generations; a key with the admin scope sees every account's.</summary>
public sealed class Account
{
    /// <summary>The operator's account, made by the migration that gave records their owners: the admin key and
    /// the keys of no account act for it, and every record stored before accounts owned records belongs to it.</summary>
    public static readonly Guid OperatorId = new("00000000-0000-0000-0000-000000000001");

    public const string OperatorName = "operator";

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }
}
