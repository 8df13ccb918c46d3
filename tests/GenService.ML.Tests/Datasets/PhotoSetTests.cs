using GenService.ML.Datasets;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class PhotoSetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("photo-set-").FullName;

    public PhotoSetTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void PhotosKeepTheirOwnSizesThroughTheStoredFile()
    {
        using var photos = ThreePhotos();

        var stored = PhotoFile.Write(directory, photos);
        using var read = PhotoFile.Read(directory);

        Assert.Equal([(20, 30), (41, 17), (25, 25)], read.Photos.Select(photo => (photo.Height, photo.Width)));
        for (var i = 0; i < photos.Count; i++)
            Assert.True(read.Photos[i].Pixels.equal(photos.Photos[i].Pixels).all().item<bool>());
        Assert.Equal(["a", "b", "c"], read.Photos.Select(photo => photo.Name));
        Assert.Equal([false, true, false], read.Photos.Select(photo => photo.HeldOut));
        Assert.Equal(3 * ((20 * 30) + (41 * 17) + (25 * 25)), new FileInfo(Path.Combine(directory, PhotoFile.PixelsFileName)).Length);
        Assert.Equal(Directory.EnumerateFiles(directory).Sum(file => new FileInfo(file).Length), stored.SizeBytes);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, PhotoFile.PixelsFileName)))),
            stored.Sha256);
    }

    [Fact]
    public void ReadingSomePhotosSeeksToThem()
    {
        using var photos = ThreePhotos();
        PhotoFile.Write(directory, photos);

        using var some = PhotoFile.Read(directory, [2, 0]);

        Assert.Equal(["c", "a"], some.Photos.Select(photo => photo.Name));
        Assert.True(some.Photos[0].Pixels.equal(photos.Photos[2].Pixels).all().item<bool>());
    }

    [Fact]
    public void ATruncatedPixelsFileIsRefused()
    {
        using var photos = ThreePhotos();
        PhotoFile.Write(directory, photos);
        var pixels = Path.Combine(directory, PhotoFile.PixelsFileName);
        File.WriteAllBytes(pixels, File.ReadAllBytes(pixels)[..100]);

        var error = Assert.Throws<InvalidDataException>(() => PhotoFile.Read(directory));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitIsByTheHeldOutFlag()
    {
        using var photos = ThreePhotos();

        var (train, heldOut) = photos.Split();
        using (train)
        using (heldOut)
        {
            Assert.Equal(["a", "c"], train!.Photos.Select(photo => photo.Name));
            Assert.Equal(["b"], heldOut!.Photos.Select(photo => photo.Name));
        }
        // The halves share pixels but not handles: the whole set is still usable.
        Assert.Equal(20, photos.Photos[0].Pixels.shape[1]);
    }

    [Fact]
    public void RandomCropsAreDeterministicForASeedAndLieInsideTheirPhotos()
    {
        using var photos = ThreePhotos();
        using var scope = NewDisposeScope();

        var crops = photos.RandomCrops(64, 16, new Generator(7));
        var again = photos.RandomCrops(64, 16, new Generator(7));
        var other = photos.RandomCrops(64, 16, new Generator(8));

        Assert.Equal([64L, 3, 16, 16], crops.shape);
        Assert.True(crops.equal(again).all().item<bool>());
        Assert.False(crops.equal(other).all().item<bool>());
        // Each photo's pixel (c, y, x) is a distinct code, so every crop can be found in its photo.
        for (var i = 0; i < 64; i++)
            Assert.True(photos.Photos.Any(photo => IsCropOf(crops[i], photo.Pixels)), $"crop {i} is not a window of any photo");
    }

    [Fact]
    public void ACropLargerThanTheSmallestPhotoIsRefusedNamingIt()
    {
        using var photos = ThreePhotos();

        Assert.Equal(17, photos.MinSide);
        var error = Assert.Throws<ArgumentException>(() => photos.RandomCrops(1, 18, new Generator(0)));
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnSizeDecodingScalesDownToThePixelLimitKeepingTheAspect()
    {
        var astronaut = File.ReadAllBytes(Path.Combine(DebianPhotos.DefaultSkimageDirectory, "astronaut.png"));
        var motorcycle = File.ReadAllBytes(Path.Combine(DebianPhotos.DefaultSkimageDirectory, "motorcycle_left.png"));

        using var whole = ImageCodec.DecodeAtOwnSize(astronaut, 3, maxStoredPixels: 1 << 20);
        using var scaled = ImageCodec.DecodeAtOwnSize(motorcycle, 3, maxStoredPixels: 10_000);

        Assert.Equal([3L, 512, 512], whole.Pixels.shape);
        Assert.Equal((741, 500), (scaled.Source.Width, scaled.Source.Height));
        Assert.Equal([3L, 82, 121], scaled.Pixels.shape); // 741×500 scaled by √(10000 / 370500)
    }

    [Fact]
    public void DebianPhotosHoldOutWholeFiles()
    {
        Assert.InRange(DebianPhotos.All.Count(photo => photo.HeldOut) / (double)DebianPhotos.All.Count, 0.15, 0.3);
        Assert.Contains(DebianPhotos.All, photo => photo.HeldOut && photo.Package == DebianPhotoPackage.Skimage);
        Assert.Contains(DebianPhotos.All, photo => photo.HeldOut && photo.Package == DebianPhotoPackage.Wallpapers);

        using var photos = DebianPhotos.Read(DebianPhotos.DefaultSkimageDirectory, Path.Combine(directory, "no-wallpapers"), maxPixels: 40_000);

        Assert.Equal(7, photos.Count);
        Assert.Equal(["chelsea.png", "coffee.png"], photos.Photos.Where(photo => photo.HeldOut).Select(photo => photo.Name));
        Assert.All(photos.Photos, photo => Assert.True(photo.Height * photo.Width <= 40_000));
        Assert.Equal(3, photos.Channels); // camera.png is gray, stored as three equal planes
    }

    private static PhotoSet ThreePhotos()
    {
        // Distinct values in each photo (codes wrap at 256 only in the largest), so crops can be located.
        Photo Make(string name, int height, int width, bool heldOut, int offset) =>
            new(name, arange(offset, offset + (3 * height * width), dtype: ScalarType.Int64).remainder(251).to_type(ScalarType.Byte).reshape(3, height, width), heldOut);
        return new PhotoSet([Make("a", 20, 30, false, 0), Make("b", 41, 17, true, 7), Make("c", 25, 25, false, 13)]);
    }

    private static bool IsCropOf(Tensor crop, Tensor photo)
    {
        var size = crop.shape[1];
        for (long top = 0; top + size <= photo.shape[1]; top++)
        {
            for (long left = 0; left + size <= photo.shape[2]; left++)
            {
                using var window = photo.narrow(1, top, size).narrow(2, left, size);
                if (window.equal(crop).all().item<bool>())
                    return true;
            }
        }
        return false;
    }
}
