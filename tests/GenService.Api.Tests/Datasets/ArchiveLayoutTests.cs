using GenService.Api.Datasets;

namespace GenService.Api.Tests.Datasets;

/// <summary>How entry names become images and labels, without building any zip.</summary>
public class ArchiveLayoutTests
{
    [Fact]
    public void FlatNamesAreUnlabelledAndOrderedOrdinally()
    {
        var layout = ArchiveLayout.Plan(["b.png", "a.JPG", "notes.txt", "C.webp"]);

        Assert.Empty(layout.Classes);
        Assert.Equal(["C.webp", "a.JPG", "b.png"], layout.Images.Select(i => i.EntryName));
        Assert.All(layout.Images, image => Assert.Equal(-1, image.Label));
        Assert.Equal([3, 1, 0], layout.Images.Select(i => i.EntryIndex));
    }

    [Fact]
    public void TheClassIsTheFirstFolderBelowAnyWrappingFolders()
    {
        var layout = ArchiveLayout.Plan(["set/", "set/dogs/indoor/a.png", "set/cats/b.png", "set/Zebras/c.png", "set/cats/.hidden/d.png"]);

        Assert.Equal(["Zebras", "cats", "dogs"], layout.Classes);
        Assert.Equal([("set/Zebras/c.png", 0), ("set/cats/b.png", 1), ("set/dogs/indoor/a.png", 2)], layout.Images.Select(i => (i.EntryName, i.Label)));
    }

    [Fact]
    public void TheCycleGanLayoutLabelsItsDomainsAAndBAndHoldsOutTheTestFolders()
    {
        var layout = ArchiveLayout.Plan(["horse2zebra/trainA/h1.jpg", "horse2zebra/trainB/z1.jpg", "horse2zebra/testA/h2.jpg", "horse2zebra/testB/z2.jpg", "horse2zebra/trainA/h3.jpg"]);

        Assert.Equal(["A", "B"], layout.Classes);
        Assert.Equal(
            [("horse2zebra/testA/h2.jpg", 0, true), ("horse2zebra/testB/z2.jpg", 1, true), ("horse2zebra/trainA/h1.jpg", 0, false),
             ("horse2zebra/trainA/h3.jpg", 0, false), ("horse2zebra/trainB/z1.jpg", 1, false)],
            layout.Images.Select(i => (i.EntryName, i.Label, i.HeldOut)));
    }

    [Theory]
    [InlineData(new[] { "trainA/a.png", "testA/b.png", "testB/c.png" }, "'trainB/'")]
    [InlineData(new[] { "trainA/a.png", "trainB/b.png", "valA/c.png" }, "'valA/'")]
    public void AnIncompleteOrMixedCycleGanLayoutIsRefusedNamingTheFolder(string[] names, string reason)
    {
        var exception = Assert.Throws<DatasetImportException>(() => ArchiveLayout.Plan(names));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MacResourceForksAndHiddenFilesAreSkipped()
    {
        var layout = ArchiveLayout.Plan(["photos/a.png", "__MACOSX/photos/._a.png", "photos/.DS_Store", "photos/._b.png"]);

        Assert.Equal(["photos/a.png"], layout.Images.Select(i => i.EntryName));
    }

    [Theory]
    [InlineData("../a.png", "'..'")]
    [InlineData("a/../../b.png", "'..'")]
    [InlineData("/a.png", "absolute")]
    [InlineData("c:/a.png", "absolute")]
    [InlineData("a\\b.png", "backslash")]
    [InlineData("a//b.png", "empty or '.'")]
    [InlineData("./a.png", "empty or '.'")]
    [InlineData("a\u0000.png", "control")]
    public void UnsafeNamesRefuseTheWholeArchive(string name, string reason)
    {
        var exception = Assert.Throws<DatasetImportException>(() => ArchiveLayout.Plan(["good.png", name]));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsafeNamesAreRefusedEvenWhereTheyWouldBeSkipped() =>
        Assert.Throws<DatasetImportException>(() => ArchiveLayout.Plan(["good.png", "__MACOSX/../../x.txt"]));
}
