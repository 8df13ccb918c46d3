using GenService.Api.Nodes;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;

namespace GenService.Api.Jobs;

/// <summary>
/// At start-up, before this process's job servers run, gives every queued or running record of every kind
/// (<see cref="IRecoverableJobs"/>) a new job when its old one cannot run any more: always with the in-memory
/// job storage, which a crash empties (and whose job ids start again from 1, so a stored id may name another
/// record's new job); with PostgreSQL job storage, when the job ended, vanished, or was running on a server
/// of this node, which can only be a process that died. Jobs a dead process of another node left running come
/// back by themselves once their invisibility timeout passes (<see cref="JobQueueOptions"/>).
/// </summary>
/// <remarks>So each node's name (Node:Name, the host name by default) must be its own: two processes on one host
/// need different names, or the second to start would take the first one's running jobs for a dead process's.</remarks>
public sealed class JobRecovery(IEnumerable<IRecoverableJobs> kinds, IBackgroundJobClient jobs, JobStorage storage, NodeOptions node, ILogger<JobRecovery> logger)
{
    /// <summary>Where a node's job servers start their names, so that a job left running by one of them can be
    /// told from a job running in a live process of another node.</summary>
    public static string ServerNamePrefix(NodeOptions node) => $"{node.Name}:";

    private static readonly HashSet<string> WaitingStates = [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var jobsSurviveRestart = storage is not InMemoryStorage;
        using var connection = storage.GetConnection();
        foreach (var kind in kinds)
        {
            foreach (var work in await kind.FindUnfinishedAsync(cancellationToken))
            {
                if (jobsSurviveRestart && work.JobId is not null && StillRuns(connection, work.JobId))
                    continue;
                await kind.RequeueAsync(work.Id, cancellationToken);
                logger.LogInformation("{Kind} {Id} was interrupted; it has a new job", kind.Kind, work.Id);
            }
        }
    }

    /// <summary>Whether the job will still run or runs now in a live process; a job that a dead process
    /// of this host was running is deleted, so that the storage never hands it out again.</summary>
    private bool StillRuns(IStorageConnection connection, string jobId)
    {
        var state = connection.GetStateData(jobId);
        if (state is null)
            return false;
        if (WaitingStates.Contains(state.Name))
            return true;
        if (state.Name != ProcessingState.StateName)
            return false;
        // Another node's live worker, or one the storage gives back once its invisibility timeout passes.
        if (!state.Data.TryGetValue("ServerId", out var serverId) || !serverId.StartsWith(ServerNamePrefix(node), StringComparison.OrdinalIgnoreCase))
            return true;
        jobs.ChangeState(jobId, new DeletedState(), ProcessingState.StateName);
        return false;
    }
}
