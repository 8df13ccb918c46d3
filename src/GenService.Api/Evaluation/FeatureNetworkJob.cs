using Hangfire;

namespace GenService.Api.Evaluation;

/// <summary>The Hangfire job that trains a feature network a client asked for, or a dataset network (feature or segmentation)
/// that a restart found unfinished. An evaluation that needs one trains it itself (see <see cref="FeatureNetworkStore.ReadyAsync"/>);
/// whichever starts first takes it, and the other waits for it, taking it over if its worker dies.</summary>
/// <remarks>No automatic retries, as <see cref="Training.TrainingJob"/>: a failed training fails the same way again.</remarks>
public sealed class FeatureNetworkJob(FeatureNetworkStore featureNetworks, ILogger<FeatureNetworkJob> logger)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(EvaluationJob.Queue)]
    public async Task Train(Guid featureNetworkId, CancellationToken cancellationToken)
    {
        if (await featureNetworks.TrainOrWaitAsync(featureNetworkId, cancellationToken) is null)
            logger.LogInformation("Feature network {FeatureNetworkId} was deleted; nothing to do", featureNetworkId);
    }
}
