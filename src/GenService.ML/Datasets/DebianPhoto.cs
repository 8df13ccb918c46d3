namespace GenService.ML.Datasets;

/// <summary>One built-in photo: the package that ships it and its path below that package's folder.</summary>
public sealed record DebianPhoto(DebianPhotoPackage Package, string File, bool HeldOut);
