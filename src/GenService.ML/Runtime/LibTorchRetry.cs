using System.Runtime.InteropServices;

namespace GenService.ML.Runtime;

/// <summary>
/// Runs a deterministic libtorch computation once more when libtorch fails in it. TorchSharp frees the Scalar that
/// an expression such as <c>tensor * 2.0</c> or <c>clamp_min(0)</c> makes in a finalizer, which another thread's
/// garbage collection can run during the native call ("Unknown scalar type", or "Expected false to be true" from
/// Scalar::toDouble). The same inputs and seeds give the same result the second time; a second failure is thrown.
/// </summary>
public static class LibTorchRetry
{
    /// <param name="beforeRetry">Told the first failure, to count and log it.</param>
    public static T Once<T>(Func<T> computation, Action<ExternalException> beforeRetry)
    {
        try
        {
            return computation();
        }
        catch (ExternalException error)
        {
            beforeRetry(error);
            return computation();
        }
    }
}
