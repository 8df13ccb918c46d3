using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Jobs;

/// <summary>How the PostgreSQL job queues hand out jobs, and how long a job's lease on its record lasts (<see cref="RecordLeases"/>).
/// Bound from "Jobs"; the in-memory job storage ignores all but <see cref="LeaseDuration"/>.</summary>
/// <remarks>
/// A fetched job stays invisible to other job servers while its worker lives: Hangfire.PostgreSql's sliding
/// invisibility renews the job's fetch time every fifth of <see cref="InvisibilityTimeout"/>. When the worker's
/// process dies, the renewals stop and another node's server fetches the job once the timeout has passed and
/// its next poll comes, and takes the record over once its lease has lapsed: a killed node's training run, generation,
/// evaluation or feature network resumes elsewhere within about max(InvisibilityTimeout, LeaseDuration) + QueuePollInterval,
/// plus loading its data and checkpoint (with the defaults, well under 90 s).
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

    /// <summary>How long a job's hold on its record (a training run, a generation, an evaluation, a feature network) lasts
    /// without renewal: another job takes over a dead worker's record only after this. Renewed every fifth of it (a
    /// training run: every Training:PollInterval).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
