namespace GenService.Api.Inference;

/// <summary>Running totals of what the engine did, for operators and for tests that must see batching happen.</summary>
public sealed class InferenceStatistics
{
    private long batches;
    private long requestsRun;
    private long imagesRun;
    private long largestBatchRequests;
    private long abandoned;
    private long rejected;
    private long queued;

    public long Batches => Interlocked.Read(ref batches);

    public long RequestsRun => Interlocked.Read(ref requestsRun);

    /// <summary>Images computed for requests, padding excluded.</summary>
    public long ImagesRun => Interlocked.Read(ref imagesRun);

    /// <summary>Most requests ever served by one batch.</summary>
    public long LargestBatchRequests => Interlocked.Read(ref largestBatchRequests);

    /// <summary>Requests dropped because their client left or their deadline passed before they ran.</summary>
    public long Abandoned => Interlocked.Read(ref abandoned);

    /// <summary>Requests refused because their device's queue was full.</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Requests in the queues now, not yet taken by a worker.</summary>
    public long Queued => Interlocked.Read(ref queued);

    internal void RecordBatch(int requests)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref requestsRun, requests);
        long seen;
        while (requests > (seen = Interlocked.Read(ref largestBatchRequests))
               && Interlocked.CompareExchange(ref largestBatchRequests, requests, seen) != seen)
        {
        }
    }

    internal void RecordImages(int count) => Interlocked.Add(ref imagesRun, count);

    internal void RecordAbandoned() => Interlocked.Increment(ref abandoned);

    internal void RecordRejected() => Interlocked.Increment(ref rejected);

    internal void RecordQueued(int change) => Interlocked.Add(ref queued, change);
}
