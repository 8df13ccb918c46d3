using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Settings of the load benchmark (<c>load</c> command); every figure in README.md names them.</summary>
/// <param name="Architecture">Family of the model under load.</param>
/// <param name="TrainSteps">Steps of the run that produces the model (its speed does not depend on them).</param>
/// <param name="SoakRequests">Requests of the memory soak at 32 clients.</param>
public sealed record LoadSettings(string Architecture, int TrainSteps, int[] Clients, int RequestsPerLevel, int[] InProcessBatches, int SoakRequests)
{
    public static LoadSettings Parse(IEnumerable<string> args)
    {
        var settings = new LoadSettings("dcgan", 20, [1, 8, 32, 128], 800, [1, 8, 32, 64], 10_000);
        var list = args.ToList();
        for (var i = 0; i + 1 < list.Count; i += 2)
        {
            var value = list[i + 1];
            settings = list[i] switch
            {
                "--architecture" => settings with { Architecture = value },
                "--train-steps" => settings with { TrainSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => settings with { Clients = Numbers(value) },
                "--requests" => settings with { RequestsPerLevel = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batches" => settings with { InProcessBatches = Numbers(value) },
                "--soak-requests" => settings with { SoakRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {list[i]}. Options: --architecture, --train-steps, --clients 1,8,32,128, --requests, --batches 1,8,32,64, --soak-requests"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"--architecture {Architecture} --train-steps {TrainSteps} --clients {string.Join(',', Clients)} --requests {RequestsPerLevel} --batches {string.Join(',', InProcessBatches)} --soak-requests {SoakRequests}";

    private static int[] Numbers(string value) => value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
