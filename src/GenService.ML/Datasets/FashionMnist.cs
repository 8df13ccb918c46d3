using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Reads Zalando's Fashion-MNIST from the gzipped IDX files of the Debian package dataset-fashion-mnist:
/// 28×28 gray images of ten clothing classes.
/// </summary>
public static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The label names, in label order, as the dataset's authors list them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    // IDX magic numbers: two zero bytes, the element type (0x08 = unsigned byte), the number of dimensions.
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <summary>The images and labels files of a split.</summary>
    public static (string Images, string Labels) FilesOf(string directory, FashionMnistSplit split)
    {
        var prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        return (Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"));
    }

    public static bool IsInstalled(string directory, FashionMnistSplit split)
    {
        var (images, labels) = FilesOf(directory, split);
        return File.Exists(images) && File.Exists(labels);
    }

    /// <summary>
    /// Reads a split as uint8 images [N, 1, 28, 28] with int64 labels, the first <paramref name="limit"/>
    /// images only when given (the rest of the file is not decompressed).
    /// </summary>
    /// <exception cref="FileNotFoundException">The package is not installed.</exception>
    /// <exception cref="InvalidDataException">A file is not IDX, or images and labels disagree.</exception>
    public static DatasetTensors Read(string directory, FashionMnistSplit split, int? limit = null)
    {
        if (limit is < 1)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        var (imagesPath, labelsPath) = FilesOf(directory, split);
        foreach (var path in new[] { imagesPath, labelsPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path} does not exist: install the Debian package dataset-fashion-mnist.", path);
        }

        using var imagesStream = new GZipStream(File.OpenRead(imagesPath), CompressionMode.Decompress);
        using var labelsStream = new GZipStream(File.OpenRead(labelsPath), CompressionMode.Decompress);
        var imageDimensions = ReadHeader(imagesStream, imagesPath, ImagesMagic);
        var labelDimensions = ReadHeader(labelsStream, labelsPath, LabelsMagic);
        var available = imageDimensions[0];
        if (labelDimensions[0] != available)
            throw new InvalidDataException($"{imagesPath} holds {available} images but {labelsPath} holds {labelDimensions[0]} labels.");
        var (height, width) = (imageDimensions[1], imageDimensions[2]);
        var count = Math.Min(available, limit ?? int.MaxValue);

        var images = empty([count, 1, height, width], ScalarType.Byte);
        try
        {
            ReadBody(imagesStream, images.bytes, imagesPath);
            var labelBytes = new byte[count];
            ReadBody(labelsStream, labelBytes, labelsPath);
            var labels = new long[count];
            for (var i = 0; i < count; i++)
            {
                if (labelBytes[i] >= ClassNames.Count)
                    throw new InvalidDataException($"{labelsPath}: label {labelBytes[i]} of image {i} is not one of the {ClassNames.Count} classes.");
                labels[i] = labelBytes[i];
            }
            return new DatasetTensors(images, tensor(labels, ScalarType.Int64), ClassNames);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    /// <summary>Reads the big-endian IDX header: magic number, then one int32 per dimension.</summary>
    private static int[] ReadHeader(Stream stream, string path, int expectedMagic)
    {
        Span<byte> word = stackalloc byte[4];
        ReadBody(stream, word, path);
        var magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
            throw new InvalidDataException($"{path} is not an IDX file of the expected kind: magic number 0x{magic:X8}, expected 0x{expectedMagic:X8}.");
        var dimensions = new int[expectedMagic & 0xFF];
        for (var i = 0; i < dimensions.Length; i++)
        {
            ReadBody(stream, word, path);
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[i] < 1)
                throw new InvalidDataException($"{path} declares a dimension of {dimensions[i]}.");
        }
        return dimensions;
    }

    private static void ReadBody(Stream stream, Span<byte> destination, string path)
    {
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"{path} is truncated.", exception);
        }
    }
}
