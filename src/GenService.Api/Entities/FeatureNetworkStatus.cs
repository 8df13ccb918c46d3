namespace GenService.Api.Entities;

public enum FeatureNetworkStatus
{
    Queued,
    Training,
    Ready,
    Failed,
}
