using SkiaSharp;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>
/// The one typeface every chart writes with: DejaVu Sans, embedded in this assembly (licence in Fonts/DejaVu-LICENSE.txt).
/// The NoDependencies build of Skia has no system font lookup, so a chart relying on a default font would have
/// no text at all on a bare machine; loading the font from the assembly makes the text the same everywhere.
/// </summary>
public static class ChartFont
{
    private const string ResourceName = "SmartCity.Simulator.Planning.Charts.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    public static SKTypeface Typeface => Loaded.Value;

    public static SKFont Sized(float size) => new(Typeface, size);

    private static SKTypeface Load()
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The chart font {ResourceName} is not embedded in the simulator.");
        // Skia keeps reading the font after FromStream returns, so it gets its own copy of the bytes.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("Skia could not read the embedded chart font.");
    }
}
