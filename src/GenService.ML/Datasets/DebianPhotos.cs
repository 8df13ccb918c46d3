using GenService.ML.Imaging;

namespace GenService.ML.Datasets;

/// <summary>
/// The real photographs that Debian packages ship, as a built-in photo set: python3-skimage's sample
/// photos and the photographs among plasma-workspace-wallpapers (most of that package is drawings). Each
/// was picked by eye; synthetic test patterns, text, microscopy and drawn or composited wallpapers are left out.
/// </summary>
/// <remarks>
/// The held-out split is by file: 4 of the 17 photos (about 24 %), two from each package, so a set built
/// from either package alone still holds some out. A near-duplicate (motorcycle_right, the other eye of
/// the stereo pair) is kept on the same side as its twin, so nothing held out has been seen in training.
/// </remarks>
public static class DebianPhotos
{
    public const string DefaultSkimageDirectory = "/usr/lib/python3/dist-packages/skimage/data";
    public const string DefaultWallpapersDirectory = "/usr/share/wallpapers";

    /// <summary>Every photo: which package, its path below that package's folder, held out or not.</summary>
    public static IReadOnlyList<DebianPhoto> All { get; } =
    [
        new(DebianPhotoPackage.Skimage, "astronaut.png", HeldOut: false), // astronaut Eileen Collins in her orange suit, flag and shuttle model behind
        new(DebianPhotoPackage.Skimage, "camera.png", HeldOut: false), // the gray "cameraman": a man at a tripod camera on a lawn
        new(DebianPhotoPackage.Skimage, "chelsea.png", HeldOut: true), // close-up of Chelsea, a tabby cat
        new(DebianPhotoPackage.Skimage, "coffee.png", HeldOut: true), // a cup of coffee on a saucer with a spoon, wooden table
        new(DebianPhotoPackage.Skimage, "motorcycle_left.png", HeldOut: false), // a red motorcycle in a workshop (left view of a stereo pair)
        new(DebianPhotoPackage.Skimage, "motorcycle_right.png", HeldOut: false), // the same motorcycle, right view of the stereo pair
        new(DebianPhotoPackage.Skimage, "rocket.jpg", HeldOut: false), // a rocket on its launch pad at dusk, lit towers either side
        new(DebianPhotoPackage.Wallpapers, "BytheWater/contents/images/2560x1600.jpg", HeldOut: false), // wooden boardwalk over a calm lake under clouds
        new(DebianPhotoPackage.Wallpapers, "ColdRipple/contents/images/2560x1600.jpg", HeldOut: false), // gray jetty with a ladder into fog over still water
        new(DebianPhotoPackage.Wallpapers, "ColorfulCups/contents/images/2560x1600.jpg", HeldOut: false), // rows of colourful stacked cups seen from above
        new(DebianPhotoPackage.Wallpapers, "DarkestHour/contents/images/2560x1600.jpg", HeldOut: false), // deep blue sky over water at dusk
        new(DebianPhotoPackage.Wallpapers, "EveningGlow/contents/images/2560x1600.jpg", HeldOut: true), // rowing boats on a lakeshore at sunset, mountains behind
        new(DebianPhotoPackage.Wallpapers, "FallenLeaf/contents/images/2560x1600.jpg", HeldOut: false), // a red autumn leaf on a bed of leaves, shallow focus
        new(DebianPhotoPackage.Wallpapers, "Grey/contents/images/2560x1600.jpg", HeldOut: false), // black-and-white curves of a building's facade
        new(DebianPhotoPackage.Wallpapers, "OneStandsOut/contents/images/2560x1600.jpg", HeldOut: false), // moss seen from above, one orange sprig among green
        new(DebianPhotoPackage.Wallpapers, "Path/contents/images/2560x1600.jpg", HeldOut: true), // a path through a dark pine forest
        new(DebianPhotoPackage.Wallpapers, "summer_1am/contents/images/2560x1600.jpg", HeldOut: false), // a lake under a violet-to-pink night sky in summer
    ];

    /// <summary>The photos whose files exist, with their full paths.</summary>
    public static IReadOnlyList<(DebianPhoto Photo, string Path)> Installed(string skimageDirectory, string wallpapersDirectory) =>
        All.Select(photo => (photo, Path: Path.Combine(photo.Package == DebianPhotoPackage.Skimage ? skimageDirectory : wallpapersDirectory, photo.File)))
            .Where(found => File.Exists(found.Path))
            .ToList();

    /// <summary>Decodes the installed photos as RGB, each at its own size, scaled down to fit <paramref name="maxPixels"/>.</summary>
    /// <exception cref="FileNotFoundException">Neither package is installed.</exception>
    public static PhotoSet Read(string skimageDirectory, string wallpapersDirectory, long maxPixels)
    {
        var installed = Installed(skimageDirectory, wallpapersDirectory);
        if (installed.Count == 0)
            throw new FileNotFoundException($"No photo of python3-skimage ({skimageDirectory}) or plasma-workspace-wallpapers ({wallpapersDirectory}) is installed.");
        var photos = new List<Photo>(installed.Count);
        try
        {
            foreach (var (photo, path) in installed)
            {
                using var decoded = ImageCodec.DecodeAtOwnSize(File.ReadAllBytes(path), channels: 3, maxPixels);
                photos.Add(new Photo(photo.File, decoded.Pixels.alias(), photo.HeldOut));
            }
            return new PhotoSet(photos);
        }
        catch
        {
            foreach (var photo in photos)
                photo.Pixels.Dispose();
            throw;
        }
    }
}
