using System.Globalization;

namespace GenService.Api.Models;

/// <summary>Which weights of a model a generation uses: its final model, its newest checkpoint, or the
/// checkpoint of one step. Sent as "final" (the default), "latest" or a step such as "400".</summary>
public sealed record CheckpointSelector(long? Step, bool Latest)
{
    public static CheckpointSelector Final { get; } = new(null, false);

    public static CheckpointSelector Newest { get; } = new(null, true);

    public const string Help = "Must be \"final\", \"latest\" or a checkpoint's step, e.g. \"400\" (GET /v1/models/{id}/checkpoints lists them).";

    public bool IsFinal => Step is null && !Latest;

    public static bool TryParse(string? text, out CheckpointSelector selector)
    {
        selector = Final;
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text, "final", StringComparison.OrdinalIgnoreCase))
            return true;
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase))
        {
            selector = Newest;
            return true;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            selector = new CheckpointSelector(step, false);
            return true;
        }
        return false;
    }

    public override string ToString() => Latest ? "latest" : Step?.ToString(CultureInfo.InvariantCulture) ?? "final";
}
