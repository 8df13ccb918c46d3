using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace GenService.Api.Jobs;

/// <summary>What one kind of record asks of <see cref="RecordLeases"/>.</summary>
/// <param name="Kind">What the records are, for the log ("Generation").</param>
/// <param name="Unfinished">The records that still have work to do: only those can be taken.</param>
public sealed record LeaseTerms<T>(string Kind, Expression<Func<T, bool>> Unfinished) where T : class, ILeasedRecord
{
    /// <summary>More changes made by the update that takes the record (Queued → Running, say), given its time.</summary>
    public Action<UpdateSettersBuilder<T>, DateTime>? OnTake { get; init; }

    /// <summary>What the record must still be for its lease to be renewed (no cancel asked for, say): the work
    /// stops once it is not.</summary>
    public Expression<Func<T, bool>>? RenewWhile { get; init; }

    /// <summary>How often the lease is renewed, and a record held by another worker looked at again; null for
    /// a fifth of <see cref="JobQueueOptions.LeaseDuration"/>.</summary>
    public TimeSpan? Every { get; init; }
}
