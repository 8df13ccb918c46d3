using System.Runtime.InteropServices;

namespace GenService.ML.Runtime;

/// <summary>
/// Switches of libtorch's CPU kernels that TorchSharp does not expose: oneDNN's instruction-set cap, read
/// from the environment once, and the global context's "use oneDNN" and "use NNPACK" flags
/// (<c>torch.backends.mkldnn.enabled</c> and <c>torch.backends.nnpack.enabled</c> in Python).
/// </summary>
internal static class LibTorchContext
{
    /// <summary>oneDNN reads this variable with the C library's getenv the first time it runs a
    /// kernel; .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach
    /// that copy of the environment, so it is set through libc.</summary>
    public const string OneDnnMaxCpuIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>MKL reads its conditional numerical reproducibility mode from this variable when it starts.</summary>
    public const string MklReproducibilityVariable = "MKL_CBWR";

    private delegate IntPtr GlobalContext();

    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool Query();

    /// <summary>Caps the instruction set oneDNN may use; call before libtorch runs anything.</summary>
    public static void LimitOneDnnInstructionSet(string isa)
    {
        if (SetEnvironment(OneDnnMaxCpuIsaVariable, isa, overwrite: 1) != 0)
            throw new InvalidOperationException($"Could not set {OneDnnMaxCpuIsaVariable}={isa}.");
    }

    /// <summary>
    /// Asks MKL for bitwise reproducible results on the best code path of this CPU, independent of the
    /// number of threads and of how a batch is split between them (see <see cref="BatchInvarianceCheck"/>);
    /// a value the operator set is kept. Call before libtorch runs anything.
    /// </summary>
    public static void RequestStrictMklReproducibility()
    {
        if (SetEnvironment(MklReproducibilityVariable, "AUTO,STRICT", overwrite: 0) != 0)
            throw new InvalidOperationException($"Could not set {MklReproducibilityVariable}.");
    }

    /// <summary>Makes libtorch use oneDNN's CPU convolutions, or its own instead, from the next call on.</summary>
    /// <param name="libTorchCpu">Handle of the loaded libtorch_cpu.so.</param>
    public static void UseOneDnn(IntPtr libTorchCpu, bool enabled) =>
        Set(libTorchCpu, "_ZN2at7Context20setUserEnabledMkldnnEb", enabled);

    /// <summary>
    /// Turns NNPACK off where it cannot start (e.g. on CPUs it does not know): libtorch would still try it
    /// for every convolution oneDNN does not take and log "Could not initialize NNPACK" each time, tens of
    /// thousands of lines in a test run.
    /// </summary>
    /// <returns>Whether NNPACK can be used.</returns>
    public static bool DisableNnpackWhereUnavailable(IntPtr libTorchCpu)
    {
        var available = Marshal.GetDelegateForFunctionPointer<Query>(
            NativeLibrary.GetExport(libTorchCpu, "_ZN2at6native17_nnpack_availableEv"))();
        if (!available)
            Set(libTorchCpu, "_ZN2at7Context20setUserEnabledNNPACKEb", false);
        return available;
    }

    /// <summary>Calls a flag setter of at::globalContext(): exported C++ member functions of libtorch_cpu,
    /// called by their mangled names, with the context as `this`.</summary>
    private static void Set(IntPtr libTorchCpu, string setter, bool enabled)
    {
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(
            NativeLibrary.GetExport(libTorchCpu, "_ZN2at13globalContextEv"))();
        Marshal.GetDelegateForFunctionPointer<SetFlag>(NativeLibrary.GetExport(libTorchCpu, setter))(context, enabled);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
