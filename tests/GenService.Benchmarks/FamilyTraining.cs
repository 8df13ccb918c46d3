using System.Diagnostics;
using System.Text.Json;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>A family trained in-process as the training job trains it: hyperparameters validated as the service
/// validates a request's, every step timed, and the model exported and read back as the service loads it.</summary>
public static class FamilyTraining
{
    /// <summary>The family's defaults but <paramref name="supplied"/>.</summary>
    /// <exception cref="ArgumentException">A supplied value is out of range or unknown.</exception>
    public static Hyperparameters DefaultsWith(IModelFamily family, IReadOnlyDictionary<string, object> supplied)
    {
        var json = supplied.ToDictionary(entry => entry.Key, entry => JsonSerializer.SerializeToElement(entry.Value));
        var hyperparameters = Hyperparameters.Validate(family.Hyperparameters, json, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        return hyperparameters;
    }

    /// <summary>Steps 0 to <paramref name="steps"/> − 1.</summary>
    /// <returns>The last step's losses and the seconds all the steps took.</returns>
    public static (IReadOnlyDictionary<string, double> LastLosses, double Seconds) Run(ITrainer trainer, long steps)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<string, double> losses = new Dictionary<string, double>();
        for (var step = 0L; step < steps; step++)
            losses = trainer.Step(step);
        return (losses, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The model as the service would load it: exported by the trainer, read back by the family.</summary>
    public static IGenerativeModel Export(ITrainer trainer, IModelFamily family, Device device) =>
        Export(trainer, family.Architecture, path => family.LoadModel(path, device));

    /// <summary>The model exported by the trainer, read back by <paramref name="load"/>: for a family's own load options.</summary>
    public static TModel Export<TModel>(ITrainer trainer, string architecture, Func<string, TModel> load)
    {
        var path = Path.Combine(Path.GetTempPath(), $"genservice-{architecture}-bench-{Guid.NewGuid():N}.bin");
        try
        {
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            return load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
