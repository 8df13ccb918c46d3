using GenService.Api.Inference;

namespace GenService.Api.Tests.Inference;

public class AdmissionRuleTests
{
    // The shipped defaults: 30 s deadline, half of it for queued work, at most 1024 requests.
    private static readonly InferenceOptions Options = new();

    [Fact]
    public void ManySmallRequestsWellWithinTheDeadlineAreAdmittedPastTheOldQueueOf64()
    {
        // 128 single images at 2 ms each: a quarter of a second of work.
        Assert.True(AdmissionRule.Admits(new DeviceLoad(QueuedRequests: 128, QueuedWork: 128, SecondsPerWorkUnit: 0.002), Options));
    }

    [Fact]
    public void WorkThatWouldTakeMoreThanHalfTheDeadlineIsRefused()
    {
        Assert.True(AdmissionRule.Admits(new DeviceLoad(100, 7_400, 0.002), Options));    // 14.8 s
        Assert.False(AdmissionRule.Admits(new DeviceLoad(100, 7_500, 0.002), Options));   // 15 s
        Assert.False(AdmissionRule.Admits(new DeviceLoad(3, 192, 0.5), Options));         // three grids of a slow model: 96 s
    }

    [Fact]
    public void TheQueueCapRefusesWhateverTheWait()
    {
        Assert.True(AdmissionRule.Admits(new DeviceLoad(1023, 1023, 0.0001), Options));
        Assert.False(AdmissionRule.Admits(new DeviceLoad(1024, 1024, 0.0001), Options));
    }

    [Fact]
    public void BeforeTheFirstBatchIsMeasuredOnlyTheCapApplies()
    {
        Assert.True(AdmissionRule.Admits(new DeviceLoad(1000, 256_000, 0), Options));
    }

    [Fact]
    public void AnEmptyQueueAdmitsEvenAModelSlowerThanTheDeadline()
    {
        Assert.True(AdmissionRule.Admits(new DeviceLoad(0, 0, 60), Options));
    }

    [Fact]
    public void TheFractionScalesTheWaitAllowed()
    {
        var strict = new InferenceOptions { RequestTimeout = TimeSpan.FromSeconds(10), AdmissionWaitFraction = 0.1 };
        Assert.True(AdmissionRule.Admits(new DeviceLoad(10, 900, 0.001), strict));    // 0.9 s < 1 s
        Assert.False(AdmissionRule.Admits(new DeviceLoad(10, 1_100, 0.001), strict)); // 1.1 s
    }
}
