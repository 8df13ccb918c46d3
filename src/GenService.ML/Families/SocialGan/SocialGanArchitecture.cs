namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Everything that fixes Social GAN's layers (Gupta et al. 2018): rebuilding the networks from the same architecture
/// gives the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <param name="ObservedSteps">Positions a forecast starts from (the paper: 8, 3.2 s).</param>
/// <param name="PredictedSteps">Positions it forecasts (the paper: 8 or 12).</param>
/// <param name="EmbeddingDim">Size of the linear embedding of a displacement or relative position.</param>
/// <param name="EncoderHidden">The encoder LSTM's hidden size.</param>
/// <param name="DecoderHidden">The decoder LSTM's hidden size: the context MLP's output and z together.</param>
/// <param name="MlpDim">Hidden width of the context MLP and of the discriminator's classifier.</param>
/// <param name="BottleneckDim">Size of the pooled vector each person gets from the others.</param>
/// <param name="NoiseDim">Size of z.</param>
/// <param name="Pooling">False for the paper's ablation without the pooling module (its "SGAN" without P).</param>
/// <param name="DiscriminatorHidden">The discriminator encoder's hidden size.</param>
public sealed record SocialGanArchitecture(
    int ObservedSteps,
    int PredictedSteps,
    int EmbeddingDim,
    int EncoderHidden,
    int DecoderHidden,
    int MlpDim,
    int BottleneckDim,
    int NoiseDim,
    bool Pooling,
    int DiscriminatorHidden)
{
    /// <summary>The hidden width of the pooling module's MLP, fixed in the reference code.</summary>
    public const int PoolingMlpDim = 512;

    /// <summary>The side of the plots the model draws (<see cref="IGenerativeModel.OutputShape"/>).</summary>
    public const int PlotSize = 256;

    private const int FormatVersion = 1;

    public static ImageShape PlotShape { get; } = new(3, PlotSize, PlotSize);

    public int TotalSteps => ObservedSteps + PredictedSteps;

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, PlotShape);
        foreach (var value in new[] { ObservedSteps, PredictedSteps, EmbeddingDim, EncoderHidden, DecoderHidden, MlpDim, BottleneckDim, NoiseDim, Pooling ? 1 : 0, DiscriminatorHidden })
            writer.Write(value);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, a newer format, or sizes no network has.</exception>
    public static SocialGanArchitecture Read(BinaryReader reader, string magic)
    {
        ModelFileHeader.Read(reader, magic, FormatVersion);
        var values = Enumerable.Range(0, 10).Select(_ => reader.ReadInt32()).ToArray();
        if (values.Any(v => v < 0) || values[0] < 2 || values[1] < 1 || values[8] > 1 || values[4] <= values[7])
            throw new InvalidDataException($"'{magic}' holds sizes no Social GAN has: {string.Join(", ", values)}.");
        return new SocialGanArchitecture(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8] == 1, values[9]);
    }
}
