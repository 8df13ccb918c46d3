using System.Buffers.Binary;
using System.Text;

namespace GenService.ML.Runtime;

/// <summary>
/// Marks one required symbol version of an ELF64 shared library as weak (VER_FLG_WEAK), so the
/// dynamic loader accepts a host library that lacks that version.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's libLibTorchSharp.so requires GLIBCXX_3.4.32 for a single symbol
/// (<c>_ZSt21ios_base_library_initv</c>) that nothing relocates against; Debian 12's libstdc++
/// (GCC 12) stops at 3.4.30. A weak version need is checked only if present, so the library loads
/// and runs unchanged otherwise. See the ELF symbol versioning spec: Elf64_Verneed / Elf64_Vernaux.
/// </remarks>
public static class ElfVersionNeedPatch
{
    private const uint SectionTypeVersionNeed = 0x6ffffffe; // SHT_GNU_verneed
    private const uint SectionTypeVersionDefinition = 0x6ffffffd; // SHT_GNU_verdef
    private const ushort WeakVersionFlag = 0x2; // VER_FLG_WEAK

    /// <summary>Returns a copy of <paramref name="elf"/> with the need for <paramref name="version"/> made weak,
    /// or null when the library does not require that version.</summary>
    public static byte[]? MakeVersionNeedWeak(byte[] elf, string version)
    {
        var patched = (byte[])elf.Clone();
        var found = false;
        foreach (var section in Sections(patched, SectionTypeVersionNeed))
        {
            var strings = StringTable(patched, section.Link);
            var need = (int)section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(need + 2));
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(need + 8));
                for (var j = 0; j < auxCount; j++)
                {
                    var name = ReadString(patched, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(aux + 8)));
                    if (name == version)
                    {
                        var flags = patched.AsSpan(aux + 4, 2);
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | WeakVersionFlag));
                        found = true;
                    }
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(aux + 12));
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(need + 12));
            }
        }
        return found ? patched : null;
    }

    /// <summary>True when the library defines (provides) the given symbol version.</summary>
    public static bool DefinesVersion(byte[] elf, string version)
    {
        foreach (var section in Sections(elf, SectionTypeVersionDefinition))
        {
            var strings = StringTable(elf, section.Link);
            var definition = (int)section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                var aux = definition + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(definition + 12));
                var name = ReadString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux)));
                if (name == version)
                    return true;
                definition += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(definition + 16));
            }
        }
        return false;
    }

    private readonly record struct Section(uint Type, ulong Offset, uint Link, uint Info);

    private static IEnumerable<Section> Sections(byte[] elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("Not a little-endian ELF64 file.");
        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
        for (var i = 0; i < count; i++)
        {
            var header = elf.AsSpan((int)(tableOffset + i * entrySize));
            var section = new Section(
                Type: BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                Offset: BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                Link: BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
                Info: BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
            if (section.Type == type)
                yield return section;
        }
    }

    private static int StringTable(byte[] elf, uint sectionIndex)
    {
        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
        return (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)(tableOffset + sectionIndex * entrySize) + 24));
    }

    private static string ReadString(byte[] elf, int offset)
    {
        var end = Array.IndexOf(elf, (byte)0, offset);
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }
}
