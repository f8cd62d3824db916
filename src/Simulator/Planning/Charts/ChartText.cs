using System.Globalization;
using SkiaSharp;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>How needs are named and coloured in every chart, so that one need looks the same everywhere.</summary>
public static class ChartText
{
    // Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), less its yellow, which fades on white.
    private static readonly SKColor[] NeedColors =
        [new(0xD5, 0x5E, 0x00), new(0x00, 0x72, 0xB2), new(0x00, 0x9E, 0x73), new(0xCC, 0x79, 0xA7), new(0xE6, 0x9F, 0x00)];

    /// <summary>Colours for lines that are not needs, e.g. scenarios side by side.</summary>
    public static readonly IReadOnlyList<SKColor> SeriesColors =
        [new(0x00, 0x72, 0xB2), new(0xD5, 0x5E, 0x00), new(0x00, 0x9E, 0x73), new(0xCC, 0x79, 0xA7), new(0x56, 0xB4, 0xE9), new(0x00, 0x00, 0x00)];

    public static SKColor NeedColor(Need need) => NeedColors[(int)need];

    public static string NeedTitle(Need need) => need switch
    {
        Need.PublicToilets => "Public toilets",
        Need.ParkingSpaces => "Parking spaces",
        Need.ServiceHallThroughput => "Service-hall throughput",
        Need.Officials => "Grid officials",
        Need.AcknowledgeTime => "Time to acknowledge",
        _ => need.ToString(),
    };

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
