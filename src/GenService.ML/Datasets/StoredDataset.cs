namespace GenService.ML.Datasets;

/// <summary>What writing a dataset folder produced.</summary>
/// <param name="ImagesSha256">Lower-case hex SHA-256 of the images file: the dataset's checksum.</param>
/// <param name="SizeBytes">Bytes on disk of all files written (images, labels, manifest).</param>
public sealed record StoredDataset(DatasetManifest Manifest, string ImagesSha256, long SizeBytes);
