namespace GenService.Api.Jobs;

/// <summary>A record that one job at a time works on: the lease names the worker that holds it, and until when
/// (see <see cref="RecordLeases"/>).</summary>
public interface ILeasedRecord
{
    Guid Id { get; }

    /// <summary>The worker that holds the record: its node's name, process id and a fresh id, colon-separated.</summary>
    string? LeaseOwner { get; set; }

    /// <summary>When the holder's lease lapses unless renewed; then another job may take the record over.</summary>
    DateTime? LeaseExpiresAt { get; set; }
}
