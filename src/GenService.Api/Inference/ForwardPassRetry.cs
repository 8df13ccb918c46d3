using GenService.ML.Families;
using GenService.ML.Runtime;

namespace GenService.Api.Inference;

/// <summary>
/// Runs a device worker's forward pass, and once more if libtorch fails in it (<see cref="LibTorchRetry"/>), counting
/// and logging the retry; the training loop rolls such a step back instead. The same inputs and seeds give the same
/// bytes, so the second run answers as the first should have; if it fails too, its batch fails as on any other error.
/// </summary>
internal sealed class ForwardPassRetry(string device, InferenceStatistics statistics, ILogger logger)
{
    public T Run<T>(IGenerativeModel model, InferenceWork work, Func<T> pass) =>
        LibTorchRetry.Once(pass, error =>
        {
            statistics.RecordRetry(model.Architecture, work.Operation);
            logger.LogWarning(error, "A {Operation} pass of {Architecture} on {Device} failed in libtorch ({Cause}); running it once more",
                work.Operation, model.Architecture, device, error.Message.Split('\n')[0]);
        });
}
