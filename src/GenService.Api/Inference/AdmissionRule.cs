namespace GenService.Api.Inference;

/// <summary>What a device's queue holds now, as the admission rule sees it.</summary>
/// <param name="QueuedWork">The queued requests' <see cref="InferenceWork.Cost"/>, in units of one image's work.</param>
/// <param name="SecondsPerWorkUnit">The device's measured time per unit of work over its recent batches; 0 before its first batch.</param>
public readonly record struct DeviceLoad(int QueuedRequests, long QueuedWork, double SecondsPerWorkUnit)
{
    /// <summary>How long a request queued now would wait for the work ahead of it.</summary>
    public TimeSpan ExpectedWait => TimeSpan.FromSeconds(QueuedWork * SecondsPerWorkUnit);
}

/// <summary>
/// Whether a device takes one more request: while the work already queued would be done well within
/// <see cref="InferenceOptions.RequestTimeout"/> (its <see cref="InferenceOptions.AdmissionWaitFraction"/>),
/// and the queue holds fewer than <see cref="InferenceOptions.QueueCapacity"/> requests.
/// </summary>
/// <remarks>A wait rather than a fixed count: 128 single images on a small model are a fraction of a second of
/// work and should all be served, while a few large requests on a slow model may already be more than the
/// deadline allows. A request refused at once can go elsewhere; one admitted past its deadline only holds a
/// connection to be answered 503. The count stays as a cap on memory and on a wrong estimate. An empty queue
/// always admits, so one request larger than the whole budget still runs.</remarks>
public static class AdmissionRule
{
    public static bool Admits(DeviceLoad load, InferenceOptions options) =>
        load.QueuedRequests < options.QueueCapacity
        && load.ExpectedWait < options.RequestTimeout * options.AdmissionWaitFraction;
}
