namespace GenService.Api.Infrastructure;

/// <summary>Where each kind of file lives under the data root. The database stores these relative
/// locations, so the data folder can move.</summary>
public static class StorageLayout
{
    /// <summary>Work in progress: staged datasets and spooled uploads. It sits under the data root, on
    /// the same file system, so moving a finished item into place is a rename.</summary>
    public const string Staging = "tmp";

    /// <summary>The webhook secret made on first start, when none is configured; in a folder of its own that only
    /// the service's user may read.</summary>
    public static readonly string WebhookSecret = Path.Combine("secrets", "webhook-secret");

    /// <summary>The admin API key made on first start, when none is configured; beside the webhook secret.</summary>
    public static readonly string AdminKey = Path.Combine("secrets", "admin-key");

    public static string Dataset(Guid datasetId) => Path.Combine("datasets", datasetId.ToString("N"));

    /// <summary>A training run's files: its checkpoints and snapshots.</summary>
    public static string Run(Guid runId) => Path.Combine("runs", runId.ToString("N"));

    public static string RunCheckpoints(Guid runId) => Path.Combine(Run(runId), "checkpoints");

    /// <summary>Sample grids a run saved as it trained, one PNG per snapshot step.</summary>
    public static string RunSnapshots(Guid runId) => Path.Combine(Run(runId), "snapshots");

    /// <summary>A model's folder: its exported weights and its evaluations' images.</summary>
    public static string Model(Guid modelId) => Path.Combine("models", modelId.ToString("N"));

    /// <summary>A feature network's files, inside its dataset's folder so that they are deleted with it.</summary>
    public static string FeatureNetwork(string datasetLocation, Guid featureNetworkId) =>
        Path.Combine(datasetLocation, "feature-networks", featureNetworkId.ToString("N"));

    /// <summary>The images of one asynchronous generation, one file per image.</summary>
    public static string Generation(Guid generationId) => Path.Combine("generations", generationId.ToString("N"));

    public static string ModelFile(Guid modelId) => Path.Combine(Model(modelId), "model.bin");

    /// <summary>An evaluation's comparison image, in its model's folder so that it is deleted with the model.</summary>
    public static string EvaluationComparison(Guid modelId, Guid evaluationId) =>
        Path.Combine(Model(modelId), "evaluations", evaluationId.ToString("N"), "comparison.png");

    /// <summary>Bytes of the files in a stored folder and its subfolders; 0 for an absent folder.</summary>
    public static long FolderBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length) : 0;

    /// <summary>Removes a stored folder and everything in it; an absent folder is already gone.</summary>
    public static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }
}
