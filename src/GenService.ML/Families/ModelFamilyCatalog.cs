namespace GenService.ML.Families;

/// <summary>The model families this service can train and serve, by architecture name.</summary>
public sealed class ModelFamilyCatalog(IEnumerable<IModelFamily> families)
{
    private readonly Dictionary<string, IModelFamily> byArchitecture =
        families.ToDictionary(f => f.Architecture, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IModelFamily> All => byArchitecture.Values;

    public IModelFamily? Find(string architecture) => byArchitecture.GetValueOrDefault(architecture);
}
