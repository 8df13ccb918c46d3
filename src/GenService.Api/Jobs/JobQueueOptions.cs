using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Jobs;

/// <summary>How the PostgreSQL job queues hand out jobs. Bound from "Jobs"; the in-memory job storage ignores it.</summary>
/// <remarks>
/// A fetched job stays invisible to other job servers while its worker lives: Hangfire.PostgreSql's sliding
/// invisibility renews the job's fetch time every fifth of <see cref="InvisibilityTimeout"/>. When the worker's
/// process dies, the renewals stop and another node's server fetches the job once the timeout has passed and
/// its next poll comes: a killed node's training run resumes elsewhere within about
/// InvisibilityTimeout + QueuePollInterval, plus loading its data and checkpoint (with the defaults, well under 90 s).
/// </remarks>
public sealed class JobQueueOptions
{
    public const string SectionName = "Jobs";

    /// <summary>How long a job whose worker stopped renewing it stays fetched. Shorter resumes a dead node's
    /// jobs sooner; it must outlast a database outage a live worker should ride out (a job fetched twice is
    /// still run once: each job claims its record first). At least 3 s, since renewals come at most once a
    /// second.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an idle job server asks the queue for work: a job queued by another node, or one that
    /// became visible again (a job queued by this process is announced to its own servers at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
