using System.Net;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Datasets;

/// <summary>One service with small archive limits for every refused upload; each case must leave no
/// files and no row behind.</summary>
public sealed class SmallLimitsFactory : GenServiceFactory
{
    public SmallLimitsFactory()
    {
        Settings["Datasets:MaxEntries"] = "8";
        Settings["Datasets:MaxUncompressedBytes"] = "60000";
        Settings["Datasets:MaxImagePixels"] = "10000";
    }
}

public class BadArchiveTests(SmallLimitsFactory factory) : IClassFixture<SmallLimitsFactory>
{
    private static readonly byte[] Good = TestArchives.Solid(30, 60, 90);

    public static TheoryData<string> Cases => [.. Archives.Keys];

    /// <summary>Each bad upload, and a phrase its problem detail must contain.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Archive, string Detail)> Archives = new()
    {
        ["not a zip"] = (() => "just some text, certainly not a zip"u8.ToArray(), "not a readable zip"),
        ["shorter than a zip's end record"] = (() => "vm\n"u8.ToArray(), "not a readable zip"),
        ["zero bytes"] = (() => [], "empty"),
        ["no entries"] = (() => TestArchives.Zip(), "empty"),
        ["no images"] = (() => TestArchives.Zip(("README.md", "# hi"u8.ToArray()), ("data/", [])), "no PNG, JPEG or WebP"),
        ["corrupt image"] = (() => TestArchives.Zip(("a.png", Good), ("b.png", Good), ("z.png", Corrupt())), "'z.png'"),
        ["truncated image"] = (() => TestArchives.Zip(("a.png", Good), ("cut.jpg", TestArchives.Photo("astronaut.png")[..2000])), "'cut.jpg'"),
        ["parent traversal"] = (() => TestArchives.Zip(("a.png", Good), ("../evil.png", Good)), "'..'"),
        ["nested traversal"] = (() => TestArchives.Zip(("cats/../../evil.png", Good)), "'..'"),
        ["absolute path"] = (() => TestArchives.Zip(("/etc/evil.png", Good)), "absolute"),
        ["drive letter"] = (() => TestArchives.Zip(("C:/evil.png", Good)), "absolute"),
        ["backslashes"] = (() => TestArchives.Zip(("..\\..\\evil.png", Good)), "backslash"),
        ["mixed layout"] = (() => TestArchives.Zip(("a.png", Good), ("cats/b.png", Good)), "mixes"),
        ["too many entries"] = (() => TestArchives.Zip([.. Enumerable.Range(0, 9).Select(i => ($"{i}.png", Good))]), "9 entries"),
        ["declared sizes too large"] = (() => TestArchives.Zip(("a.png", Good), ("big.png", new byte[70_000])), "expand"),
        ["headers that lie"] = (() => TestArchives.WithDeclaredSizes(TestArchives.Zip(("a.png", Good)), 40), "'a.png'"),
        ["too many pixels"] = (() => TestArchives.Zip(("huge.png", TestArchives.Solid(1, 1, 1, width: 101, height: 100))), "pixels"),
        ["unsupported image format"] = (() => TestArchives.Zip(("anim.png", TestArchives.Photo("no_time_for_that_tiny.gif"))), "Gif"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IsRefusedWith400AndLeavesNothing(string name)
    {
        using var client = factory.CreateClient();
        var (archive, detail) = Archives[name];

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive(), imageSize: 8));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Theory]
    [InlineData(7, null, "imageSize")]
    [InlineData(257, null, "imageSize")]
    [InlineData(16, 2, "channels")]
    public async Task SettingsOutOfRangeAre400(int imageSize, int? channels, string field)
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(("a.png", Good)), imageSize: imageSize, channels: channels));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    private static byte[] Corrupt()
    {
        // A PNG signature followed by noise: it claims to be an image and is not.
        var bytes = new byte[300];
        new Random(5).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }
}
