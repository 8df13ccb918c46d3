using GenService.ML.Runtime;

namespace GenService.ML.Tests.Runtime;

public class ElfVersionNeedPatchTests
{
    private static byte[] LibTorchSharp() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));

    [Fact]
    public void MakesOnlyTheNamedVersionNeedWeak()
    {
        var original = LibTorchSharp();
        var patched = ElfVersionNeedPatch.MakeVersionNeedWeak(original, "GLIBCXX_3.4.32");
        Assert.NotNull(patched);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);
        Assert.Equal(original[changed[0]] | 0x2, patched[changed[0]]);
    }

    [Fact]
    public void ReturnsNullForAVersionTheLibraryDoesNotNeed() =>
        Assert.Null(ElfVersionNeedPatch.MakeVersionNeedWeak(LibTorchSharp(), "GLIBCXX_9.9.99"));

    [Fact]
    public void RejectsAFileThatIsNotElf() =>
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatch.MakeVersionNeedWeak(new byte[100], "X"));
}
