using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>super-resolve</c> command; every figure in README.md names them.</summary>
/// <param name="TrainSteps">Steps of the srresnet run that produces the model (its speed does not depend on them).</param>
/// <param name="Clients">Concurrent closed-loop HTTP clients of the 512x512 throughput, one level each.</param>
/// <param name="ThroughputRequests">512x512 requests per client level, and in-process calls.</param>
/// <param name="Requests">1024x1024 requests over which the service's resident memory is sampled; 0 skips them.</param>
/// <param name="PhotoDirectory">python3-skimage's photos: the dataset the model trains on and the inputs (astronaut.png).</param>
/// <param name="Channels">The srresnet's channels: the default's 32, or fewer, so that the memory run's many requests
/// fit a CPU's hours (the path a request takes, and what it keeps, is the same at any width).</param>
/// <param name="ResidualBlocks">The srresnet's residual blocks: the default's 8, or fewer, for the same reason.</param>
public sealed record SuperResolveSettings(int TrainSteps, int[] Clients, int ThroughputRequests, int Requests, string PhotoDirectory,
    int Channels, int ResidualBlocks)
{
    public const string Command = "super-resolve";

    private const string Usage = "Options: --train-steps 20, --clients 1,4, --throughput-requests 16, --requests 200 (0: no memory run), "
        + "--photos /usr/lib/python3/dist-packages/skimage/data, --channels 32, --residual-blocks 8";

    public static SuperResolveSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SuperResolveSettings(20, [1, 4], 16, 200, "/usr/lib/python3/dist-packages/skimage/data", 32, 8);
        if (args.Count % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value. {Usage}");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--train-steps" => settings with { TrainSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => settings with { Clients = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--throughput-requests" => settings with { ThroughputRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--requests" => settings with { Requests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--photos" => settings with { PhotoDirectory = value },
                "--channels" => settings with { Channels = int.Parse(value, CultureInfo.InvariantCulture) },
                "--residual-blocks" => settings with { ResidualBlocks = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"{Command} --train-steps {TrainSteps} --clients {string.Join(',', Clients)} --throughput-requests {ThroughputRequests} --requests {Requests} --photos {PhotoDirectory} --channels {Channels} --residual-blocks {ResidualBlocks}";
}
