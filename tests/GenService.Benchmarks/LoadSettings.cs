using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Settings of the load benchmark (<c>load</c> command); every figure in README.md names them.</summary>
/// <param name="Architecture">Family of the model under load; its dataset is chosen by what the family accepts.</param>
/// <param name="TrainSteps">Steps of the run that produces the model (its speed does not depend on them).</param>
/// <param name="Clients">Concurrent closed-loop clients, one level each.</param>
/// <param name="RequestsPerLevel">Requests per level and round (at least 8 per client).</param>
/// <param name="InProcessBatches">Batch sizes the model is called with in-process.</param>
/// <param name="Rounds">Times every level is measured, in turn, so that a slow or fast phase of a shared
/// machine falls on all of them alike; each figure is the median over the rounds.</param>
/// <param name="SoakRequests">Requests of the memory soak at 32 clients; 0 skips the soak.</param>
/// <param name="MicroBatchSize">Inference:MicroBatchSize of the batching-on service; null: the service default.</param>
/// <param name="MaxBatchDelayMs">Inference:MaxBatchDelay of the batching-on service in ms; null: the service default.</param>
/// <param name="PhotoDirectory">Where the photos the 64x64 crops are cut from are (those python3-skimage ships).</param>
public sealed record LoadSettings(
    string Architecture, int TrainSteps, int[] Clients, int RequestsPerLevel, int[] InProcessBatches, int Rounds, int SoakRequests, int? MicroBatchSize, double? MaxBatchDelayMs, string PhotoDirectory)
{
    private const string Usage = "Options: --architecture dcgan, --train-steps 20, --clients 1,8,32,128, --requests 800, --batches 1,8,32,64, --rounds 5, "
        + "--soak-requests 10000 (0: no soak), --micro-batch N, --max-batch-delay-ms N, "
        + "--photos /usr/lib/python3/dist-packages/skimage/data";

    public static LoadSettings Parse(IEnumerable<string> args)
    {
        var settings = new LoadSettings("dcgan", 20, [1, 8, 32, 128], 800, [1, 8, 32, 64], 5, 10_000, null, null, "/usr/lib/python3/dist-packages/skimage/data");
        var list = args.ToList();
        if (list.Count % 2 != 0)
            throw new ArgumentException($"Option {list[^1]} has no value. {Usage}");
        for (var i = 0; i < list.Count; i += 2)
        {
            var value = list[i + 1];
            settings = list[i] switch
            {
                "--architecture" => settings with { Architecture = value },
                "--train-steps" => settings with { TrainSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => settings with { Clients = Numbers(value) },
                "--requests" => settings with { RequestsPerLevel = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batches" => settings with { InProcessBatches = Numbers(value) },
                "--rounds" => settings with { Rounds = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--soak-requests" => settings with { SoakRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--micro-batch" => settings with { MicroBatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--max-batch-delay-ms" => settings with { MaxBatchDelayMs = double.Parse(value, CultureInfo.InvariantCulture) },
                "--photos" => settings with { PhotoDirectory = value },
                _ => throw new ArgumentException($"Unknown option {list[i]}. {Usage}"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"--architecture {Architecture} --train-steps {TrainSteps} --clients {string.Join(',', Clients)} --requests {RequestsPerLevel} --batches {string.Join(',', InProcessBatches)} --rounds {Rounds} --soak-requests {SoakRequests}")
        + (MicroBatchSize is { } micro ? $" --micro-batch {micro}" : "")
        + (MaxBatchDelayMs is { } delay ? string.Create(CultureInfo.InvariantCulture, $" --max-batch-delay-ms {delay}") : "")
        + $" --photos {PhotoDirectory}";

    private static int[] Numbers(string value) => value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
