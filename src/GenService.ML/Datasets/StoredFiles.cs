namespace GenService.ML.Datasets;

/// <summary>What writing a photo or pair dataset folder produced.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the raw pixel bytes, in file order: the dataset's checksum.</param>
/// <param name="SizeBytes">Bytes on disk of all files written, manifest included.</param>
public sealed record StoredFiles(string Sha256, long SizeBytes);
