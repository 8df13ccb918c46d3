namespace GenService.ML.Imaging;

/// <summary>
/// GIF's variable-width LZW compression of one frame's palette indices (GIF89a specification,
/// appendix F): codes start 9 bits wide, widen as the table grows, and a clear code restarts the
/// table when it reaches 4096 entries.
/// </summary>
internal static class GifLzw
{
    private const int MinimumCodeSize = 8;
    private const int ClearCode = 1 << MinimumCodeSize;
    private const int EndCode = ClearCode + 1;
    private const int FirstFreeCode = ClearCode + 2;
    private const int MaximumCodeSize = 12;
    private const int TableLimit = 1 << MaximumCodeSize;

    /// <summary>Writes the minimum code size, the data sub-blocks and the block terminator.</summary>
    public static void Write(BinaryWriter writer, ReadOnlySpan<byte> indices)
    {
        writer.Write((byte)MinimumCodeSize);
        var output = new CodeWriter(writer);
        var table = new Dictionary<int, int>();
        var codeSize = MinimumCodeSize + 1;
        var next = FirstFreeCode;
        output.Write(ClearCode, codeSize);
        if (indices.IsEmpty)
        {
            output.Write(EndCode, codeSize);
            output.Finish();
            return;
        }

        var prefix = (int)indices[0];
        foreach (var index in indices[1..])
        {
            var key = (prefix << 8) | index;
            if (table.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }
            output.Write(prefix, codeSize);
            if (next < TableLimit)
            {
                table[key] = next++;
                // The decoder adds this entry one code later, and widens when its table fills the
                // current width: so the encoder widens once its own count passes 2^codeSize.
                if (next > (1 << codeSize) && codeSize < MaximumCodeSize)
                    codeSize++;
            }
            else
            {
                output.Write(ClearCode, codeSize);
                table.Clear();
                next = FirstFreeCode;
                codeSize = MinimumCodeSize + 1;
            }
            prefix = index;
        }
        output.Write(prefix, codeSize);
        // The decoder adds one more entry on reading that last code, and may widen before the end code.
        if (next < TableLimit && next + 1 > (1 << codeSize) && codeSize < MaximumCodeSize)
            codeSize++;
        output.Write(EndCode, codeSize);
        output.Finish();
    }

    /// <summary>Packs codes least significant bit first into data sub-blocks of at most 255 bytes.</summary>
    private sealed class CodeWriter(BinaryWriter writer)
    {
        private readonly byte[] block = new byte[255];
        private int blockLength;
        private int bits;
        private int bitCount;

        public void Write(int code, int size)
        {
            bits |= code << bitCount;
            bitCount += size;
            while (bitCount >= 8)
            {
                Append((byte)bits);
                bits >>= 8;
                bitCount -= 8;
            }
        }

        public void Finish()
        {
            if (bitCount > 0)
                Append((byte)bits);
            FlushBlock();
            writer.Write((byte)0);
        }

        private void Append(byte value)
        {
            block[blockLength++] = value;
            if (blockLength == block.Length)
                FlushBlock();
        }

        private void FlushBlock()
        {
            if (blockLength == 0)
                return;
            writer.Write((byte)blockLength);
            writer.Write(block, 0, blockLength);
            blockLength = 0;
        }
    }
}
