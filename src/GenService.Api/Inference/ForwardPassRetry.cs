using System.Runtime.InteropServices;
using GenService.ML.Families;

namespace GenService.Api.Inference;

/// <summary>
/// Runs a device worker's forward pass, and once more if libtorch fails in it. TorchSharp frees the Scalar that
/// `tensor * 2.0` makes in a finalizer, which another thread's garbage collection can run during the native call
/// ("Unknown scalar type"); the training loop rolls such a step back. The same inputs and seeds give the same bytes,
/// so the second run answers as the first should have; if it fails too, its batch fails as on any other error.
/// </summary>
internal sealed class ForwardPassRetry(string device, InferenceStatistics statistics, ILogger logger)
{
    public T Run<T>(IGenerativeModel model, InferenceWork work, Func<T> pass)
    {
        try
        {
            return pass();
        }
        catch (ExternalException error)
        {
            statistics.RecordRetry(model.Architecture, work.Operation);
            logger.LogWarning(error, "A {Operation} pass of {Architecture} on {Device} failed in libtorch ({Cause}); running it once more",
                work.Operation, model.Architecture, device, error.Message.Split('\n')[0]);
            return pass();
        }
    }
}
