using System.Runtime.InteropServices;

namespace GenService.ML.Runtime;

/// <summary>
/// The two switches of oneDNN (libtorch's CPU kernel library) that TorchSharp does not expose: its
/// instruction-set cap, read from the environment once, and PyTorch's global "use oneDNN" flag
/// (<c>torch.backends.mkldnn.enabled</c> in Python).
/// </summary>
internal static class OneDnn
{
    /// <summary>oneDNN reads this variable with the C library's getenv the first time it runs a
    /// kernel; .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach
    /// that copy of the environment, so it is set through libc.</summary>
    public const string MaxCpuIsaVariable = "ONEDNN_MAX_CPU_ISA";

    private delegate IntPtr GlobalContext();

    private delegate void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>Caps the instruction set oneDNN may use; call before libtorch runs anything.</summary>
    public static void LimitInstructionSet(string isa)
    {
        if (SetEnvironment(MaxCpuIsaVariable, isa, overwrite: 1) != 0)
            throw new InvalidOperationException($"Could not set {MaxCpuIsaVariable}={isa}.");
    }

    /// <summary>Makes libtorch use its own CPU convolutions instead of oneDNN's from the next call on.</summary>
    /// <param name="libTorchCpu">Handle of the loaded libtorch_cpu.so.</param>
    public static void Disable(IntPtr libTorchCpu)
    {
        // at::globalContext() and at::Context::setUserEnabledMkldnn(bool): exported C++ functions of
        // libtorch_cpu, called by their mangled names; a member function takes `this` first.
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(
            NativeLibrary.GetExport(libTorchCpu, "_ZN2at13globalContextEv"))();
        Marshal.GetDelegateForFunctionPointer<SetUserEnabledMkldnn>(
            NativeLibrary.GetExport(libTorchCpu, "_ZN2at7Context20setUserEnabledMkldnnEb"))(context, false);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
