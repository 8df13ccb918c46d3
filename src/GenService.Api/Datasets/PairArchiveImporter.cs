using GenService.ML.Datasets;
using GenService.ML.Imaging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// Turns a zip of paired images into A→B tensors of one square size, from either layout pix2pix's
/// published datasets use: A/ and B/ folders of same-named images, or side-by-side AB images (A the left
/// half, B the right) at the top level or in any folders (train/, val/, test/), as facades and edges2shoes ship.
/// When every pair sits in a train/, val/ or test/ folder, that split is stored with it (<see cref="PairSplit"/>).
/// </summary>
public sealed class PairArchiveImporter(IOptions<DatasetOptions> options)
{
    public const string AFolder = "A";
    public const string BFolder = "B";

    /// <param name="channels">1 or 3 for both sides, or null: per side, 1 when every image of it is gray, else 3.</param>
    /// <param name="swapSides">True to store B as the input side and A as the target (pix2pix's BtoA).</param>
    /// <exception cref="DatasetImportException">The archive cannot become pairs; the message names the file at fault.</exception>
    public PairTensors Import(Stream archive, int imageSize, int? channels, bool swapSides, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var zip = ImageArchive.Open(archive, limits);
        var layout = zip.Layout;
        var inFolders = layout.Classes.Contains(AFolder) || layout.Classes.Contains(BFolder);
        if (!inFolders && layout.Images.SelectMany(WrappingFolders).FirstOrDefault(folder => folder is AFolder or BFolder) is { } onlySide)
        {
            // Everything sits in one of A/ and B/, so ArchiveLayout took it for a folder wrapping the archive.
            throw new DatasetImportException($"The '{(onlySide == AFolder ? BFolder : AFolder)}/' side is empty: every image is in '{onlySide}/'.");
        }
        var pairs = inFolders ? PlanFolders(layout) : layout.Images.Select(image => (A: image, B: image)).ToList();
        var splitNames = SplitFolders(layout, pairs, inFolders);
        if (splitNames is not null)
        {
            // Each split's pairs together, in their archive order, so that the manifest stores a run per split.
            var bySplit = pairs.Zip(splitNames).OrderBy(pair => pair.Second, StringComparer.Ordinal).ToList();
            pairs = bySplit.Select(pair => pair.First).ToList();
            splitNames = bySplit.Select(pair => pair.Second).ToArray();
        }
        var splits = splitNames is null ? null : PairSplit.OfPairs(splitNames);

        var decodeChannels = channels ?? 3;
        var bytes = 2L * pairs.Count * decodeChannels * imageSize * imageSize;
        if (bytes > limits.MaxDatasetBytes)
        {
            throw new DatasetImportException(
                $"{pairs.Count} pairs of {decodeChannels}×{imageSize}×{imageSize} need {bytes} bytes; datasets are limited to {limits.MaxDatasetBytes}. Use a smaller imageSize or fewer pairs.");
        }

        var a = empty([pairs.Count, decodeChannels, imageSize, imageSize], ScalarType.Byte);
        var b = empty([pairs.Count, decodeChannels, imageSize, imageSize], ScalarType.Byte);
        try
        {
            var (aGray, bGray) = (true, true);
            for (var i = 0; i < pairs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (left, right, gray) = inFolders
                    ? DecodePartners(zip, pairs[i].A, pairs[i].B, decodeChannels, limits)
                    : DecodeSideBySide(zip, pairs[i].A, decodeChannels, limits);
                SquareInto(left, a[i], imageSize);
                SquareInto(right, b[i], imageSize);
                (aGray, bGray) = (aGray && gray.A, bGray && gray.B);
            }
            if (channels is null && aGray)
                a = DatasetArchiveImporter.FirstPlane(a);
            if (channels is null && bGray)
                b = DatasetArchiveImporter.FirstPlane(b);
            return swapSides ? new PairTensors(b, a, splits) : new PairTensors(a, b, splits);
        }
        catch
        {
            a.Dispose();
            b.Dispose();
            throw;
        }
    }

    /// <summary>Each pair's split when every pair sits in a train/, val/ or test/ folder (side by side: the folder below
    /// any that wraps the whole archive; in A/ and B/: the folder below A/), else null: the archive then has no split.</summary>
    private static string[]? SplitFolders(ArchiveLayout layout, List<(ArchiveImage A, ArchiveImage B)> pairs, bool inFolders)
    {
        var folders = pairs
            .Select(pair => (inFolders ? FirstFolder(pair.A.NameInFolder) : pair.A.Label >= 0 ? layout.Classes[pair.A.Label] : null) ?? "")
            .ToArray();
        return folders.All(PairSplit.Names.Contains) ? folders : null;
    }

    private static string? FirstFolder(string path) => path.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? path[..slash] : null;

    /// <summary>The folders ArchiveLayout stripped as wrapping the whole archive, outermost first.</summary>
    private static string[] WrappingFolders(ArchiveImage image) =>
        image.EntryName[..^image.NameInFolder.Length].Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Pairs A/x with B/x by their paths below the two folders; every image needs its partner.</summary>
    private static List<(ArchiveImage A, ArchiveImage B)> PlanFolders(ArchiveLayout layout)
    {
        if (layout.Classes.FirstOrDefault(folder => folder is not (AFolder or BFolder)) is { } other)
            throw new DatasetImportException($"A pairs archive with '{AFolder}/' and '{BFolder}/' folders holds nothing else; '{other}/' is neither.");
        var sides = layout.Images.ToLookup(image => layout.Classes[image.Label]);
        foreach (var (side, partner) in new[] { (AFolder, BFolder), (BFolder, AFolder) })
        {
            if (!sides[side].Any())
                throw new DatasetImportException($"The '{side}/' side is empty: its images are the partners of the {sides[partner].Count()} images in '{partner}/'.");
        }
        var bByName = sides[BFolder].ToDictionary(image => image.NameInFolder, StringComparer.Ordinal);
        var aNames = sides[AFolder].Select(image => image.NameInFolder).ToHashSet(StringComparer.Ordinal);
        if (sides[AFolder].FirstOrDefault(image => !bByName.ContainsKey(image.NameInFolder)) is { EntryName: not null } lonelyA)
            throw new DatasetImportException($"Entry '{lonelyA.EntryName}' has no partner '{BFolder}/{lonelyA.NameInFolder}': each image in '{AFolder}/' needs one of the same name in '{BFolder}/'.");
        if (sides[BFolder].FirstOrDefault(image => !aNames.Contains(image.NameInFolder)) is { EntryName: not null } lonelyB)
            throw new DatasetImportException($"Entry '{lonelyB.EntryName}' has no partner '{AFolder}/{lonelyB.NameInFolder}': each image in '{BFolder}/' needs one of the same name in '{AFolder}/'.");
        return sides[AFolder].Select(image => (image, bByName[image.NameInFolder])).ToList();
    }

    private static (Tensor A, Tensor B, (bool A, bool B) Gray) DecodePartners(ImageArchive zip, ArchiveImage aImage, ArchiveImage bImage, int channels, DatasetOptions limits)
    {
        var a = Decode(zip, aImage, channels, limits);
        var b = Decode(zip, bImage, channels, limits);
        if (a.Source.Width != b.Source.Width || a.Source.Height != b.Source.Height)
        {
            throw new DatasetImportException(
                $"Entry '{aImage.EntryName}' is {a.Source.Width}×{a.Source.Height} but its partner '{bImage.EntryName}' is {b.Source.Width}×{b.Source.Height}: the two images of a pair have one size.");
        }
        return (a.Pixels, b.Pixels, (a.Source.IsGrayscale, b.Source.IsGrayscale));
    }

    private static (Tensor A, Tensor B, (bool A, bool B) Gray) DecodeSideBySide(ImageArchive zip, ArchiveImage image, int channels, DatasetOptions limits)
    {
        var decoded = Decode(zip, image, channels, limits);
        var width = decoded.Source.Width;
        if (width % 2 != 0)
        {
            throw new DatasetImportException(
                $"Entry '{image.EntryName}' is {width} pixels wide: a side-by-side image has an even width, A the left half and B the right. (Pairs in two images go in '{AFolder}/' and '{BFolder}/' folders.)");
        }
        var a = decoded.Pixels.narrow(2, 0, width / 2);
        var b = decoded.Pixels.narrow(2, width / 2, width / 2);
        var gray = (IsGray(a), IsGray(b));
        return (a, b, gray);
    }

    /// <summary>Decodes at full size (no scaling: a pair's halves and partners must match exactly); the
    /// pixels join the caller's dispose scope.</summary>
    private static DecodedImage Decode(ImageArchive zip, ArchiveImage image, int channels, DatasetOptions limits)
    {
        try
        {
            return ImageCodec.DecodeAtOwnSize(zip.Read(image), channels, maxStoredPixels: limits.MaxImagePixels, limits.MaxImagePixels);
        }
        catch (InvalidImageException exception)
        {
            throw new DatasetImportException($"Entry '{image.EntryName}' is not a usable image: {exception.Message}", exception);
        }
    }

    /// <summary>Whether the three planes of an RGB half are equal; a one-channel decode is gray already.</summary>
    private static bool IsGray(Tensor half) =>
        half.shape[0] == 1 || (half[0].equal(half[1]).all().item<bool>() && half[1].equal(half[2]).all().item<bool>());

    /// <summary>Centre square crop, resized (bilinear, antialiased when shrinking) into <paramref name="slot"/>.</summary>
    internal static void SquareInto(Tensor image, Tensor slot, int size)
    {
        var (height, width) = (image.shape[1], image.shape[2]);
        var side = Math.Min(height, width);
        var square = image.narrow(1, (height - side) / 2, side).narrow(2, (width - side) / 2, side);
        if (side == size)
        {
            slot.copy_(square);
            return;
        }
        var resized = nn.functional.interpolate(
            square.unsqueeze(0).to_type(ScalarType.Float32), size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        slot.copy_(resized[0].round_().clamp_(0, 255).to_type(ScalarType.Byte));
    }
}
