namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// The colours and light of one <see cref="LandscapeStyle"/>: each class gets a lit and a shaded colour
/// that its texture moves between, and the sun (or moon) adds glow, reflections and glitter.
/// </summary>
/// <param name="SunHeight">Where the sun or moon sits, as a fraction of the way from the top down to the horizon.</param>
/// <param name="SunGlow">How strongly it lights the sky around it and glitters on the sea.</param>
/// <param name="SnowLine">How far down the mountains snow reaches, as a fraction of their height.</param>
/// <param name="SnowOnGround">0 for green grass and bare trees, 1 for a blanket of snow.</param>
/// <param name="Exposure">Overall brightness.</param>
internal sealed record StylePalette(
    Rgb SkyTop, Rgb SkyHorizon, Rgb Sun, (double Min, double Max) SunHeight, double SunGlow, bool Stars,
    Rgb CloudLit, Rgb CloudShade, Rgb MountainLit, Rgb MountainShade, Rgb Snow, double SnowLine,
    Rgb SeaNear, Rgb SeaFar, Rgb GrassLit, Rgb GrassShade, Rgb TreeLit, Rgb TreeShade, Rgb RockLit, Rgb RockShade,
    double SnowOnGround, double Exposure)
{
    public static StylePalette For(LandscapeStyle style) => style switch
    {
        LandscapeStyle.Day => Day,
        LandscapeStyle.Sunset => Sunset,
        LandscapeStyle.Night => Night,
        LandscapeStyle.Winter => Winter,
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "Not a landscape style."),
    };

    private static readonly StylePalette Day = new(
        SkyTop: Rgb.Hex(0x2f6fc4), SkyHorizon: Rgb.Hex(0xb9d9f2), Sun: Rgb.Hex(0xfff6d8), SunHeight: (0.1, 0.4), SunGlow: 0.5, Stars: false,
        CloudLit: Rgb.Hex(0xffffff), CloudShade: Rgb.Hex(0x9aa6b8), MountainLit: Rgb.Hex(0x9a8a78), MountainShade: Rgb.Hex(0x4a4238), Snow: Rgb.Hex(0xf4f8ff), SnowLine: 0.08,
        SeaNear: Rgb.Hex(0x0d3f6b), SeaFar: Rgb.Hex(0x3f86b8), GrassLit: Rgb.Hex(0x8cc04a), GrassShade: Rgb.Hex(0x2f6a1e),
        TreeLit: Rgb.Hex(0x3f7a2a), TreeShade: Rgb.Hex(0x0e2a0e), RockLit: Rgb.Hex(0xa8a298), RockShade: Rgb.Hex(0x45423e),
        SnowOnGround: 0, Exposure: 1.0);

    private static readonly StylePalette Sunset = new(
        SkyTop: Rgb.Hex(0x3a3470), SkyHorizon: Rgb.Hex(0xff9a4a), Sun: Rgb.Hex(0xffb24a), SunHeight: (0.75, 0.92), SunGlow: 0.9, Stars: false,
        CloudLit: Rgb.Hex(0xffa070), CloudShade: Rgb.Hex(0x5a3a5a), MountainLit: Rgb.Hex(0x7a4a48), MountainShade: Rgb.Hex(0x2a1a28), Snow: Rgb.Hex(0xffc8a8), SnowLine: 0.1,
        SeaNear: Rgb.Hex(0x1a1a3a), SeaFar: Rgb.Hex(0x8a5a6a), GrassLit: Rgb.Hex(0x8a8a3a), GrassShade: Rgb.Hex(0x2a2a12),
        TreeLit: Rgb.Hex(0x3a3a1a), TreeShade: Rgb.Hex(0x120c08), RockLit: Rgb.Hex(0x8a6a5a), RockShade: Rgb.Hex(0x2a1e1a),
        SnowOnGround: 0, Exposure: 0.95);

    private static readonly StylePalette Night = new(
        SkyTop: Rgb.Hex(0x03061a), SkyHorizon: Rgb.Hex(0x1a2a4a), Sun: Rgb.Hex(0xdfe8ff), SunHeight: (0.1, 0.45), SunGlow: 0.35, Stars: true,
        CloudLit: Rgb.Hex(0x6a7a9a), CloudShade: Rgb.Hex(0x141a2a), MountainLit: Rgb.Hex(0x2a3248), MountainShade: Rgb.Hex(0x080a14), Snow: Rgb.Hex(0x8a9ac0), SnowLine: 0.12,
        SeaNear: Rgb.Hex(0x02060e), SeaFar: Rgb.Hex(0x142440), GrassLit: Rgb.Hex(0x1e3a2a), GrassShade: Rgb.Hex(0x050e0a),
        TreeLit: Rgb.Hex(0x122218), TreeShade: Rgb.Hex(0x020604), RockLit: Rgb.Hex(0x3a4050), RockShade: Rgb.Hex(0x0a0c12),
        SnowOnGround: 0, Exposure: 1.0);

    private static readonly StylePalette Winter = new(
        SkyTop: Rgb.Hex(0x7a94b4), SkyHorizon: Rgb.Hex(0xdce4ec), Sun: Rgb.Hex(0xfff8f0), SunHeight: (0.35, 0.7), SunGlow: 0.3, Stars: false,
        CloudLit: Rgb.Hex(0xf0f2f6), CloudShade: Rgb.Hex(0x8a94a4), MountainLit: Rgb.Hex(0x8a8e98), MountainShade: Rgb.Hex(0x3a3e48), Snow: Rgb.Hex(0xf6f8fc), SnowLine: 0.65,
        SeaNear: Rgb.Hex(0x1a2e3e), SeaFar: Rgb.Hex(0x6a8296), GrassLit: Rgb.Hex(0x7a8a5a), GrassShade: Rgb.Hex(0x3a4a2a),
        TreeLit: Rgb.Hex(0x2a4a3a), TreeShade: Rgb.Hex(0x0a1a12), RockLit: Rgb.Hex(0x7a7a80), RockShade: Rgb.Hex(0x2a2a30),
        SnowOnGround: 0.85, Exposure: 1.0);
}
