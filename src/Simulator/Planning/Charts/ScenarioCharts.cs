using System.Globalization;
using SkiaSharp;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>The PNG charts of a scenario run: urban share, people and gaps over time, and the gap-year map.</summary>
public static class ScenarioCharts
{
    public const string UrbanShareFile = "urban-share.png", PopulationAndGapsFile = "population-gaps.png", GapYearMapFile = "gap-year-map.png";

    public const int UrbanShareWidth = 1200, UrbanShareHeight = 700, PopulationAndGapsWidth = 1200, PopulationAndGapsHeight = 1100;

    private static readonly SKColor Residents = new(0x00, 0x72, 0xB2), Migrants = new(0xD5, 0x5E, 0x00), Observed = new(0x44, 0x44, 0x44);

    /// <summary>
    /// Writes the charts into <paramref name="directory"/> and returns the names written: the urban-share chart only
    /// when the scenario has an urbanization input, the other two always.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(PlanningResult result, UrbanShareChartInput? urbanShare,
        IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> outlines, string directory)
    {
        Directory.CreateDirectory(directory);
        var charts = new List<(string Name, byte[] Png)>
        {
            (PopulationAndGapsFile, PopulationAndGaps(result)),
            (GapYearMapFile, GapYearMap.Render(result, outlines)),
        };
        if (urbanShare is not null) charts.Insert(0, (UrbanShareFile, UrbanShare(result, urbanShare)));
        foreach (var (name, png) in charts)
        {
            // Written aside and moved into place, so nobody opening the folder meanwhile sees half a picture.
            string target = Path.Combine(directory, name), temporary = $"{target}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, png);
            File.Move(temporary, target, overwrite: true);
        }
        return [.. charts.Select(c => c.Name)];
    }

    /// <summary>The urban share the scenario feeds the run: P50 line, P10–P90 band where the input has one, observed years dashed.</summary>
    public static byte[] UrbanShare(PlanningResult result, UrbanShareChartInput input)
    {
        using var surface = NewSurface(UrbanShareWidth, UrbanShareHeight);
        var years = input.Years.OrderBy(y => y.Year).ToArray();
        var observed = input.Observed.OrderBy(o => o.Year).ToArray();
        double[] xs = [.. years.Select(y => (double)y.Year)];
        var all = years.SelectMany(y => new[] { y.P10, y.P90 }).Concat(observed.Select(o => o.Share)).DefaultIfEmpty(0).ToArray();
        int firstYear = observed.Length > 0 ? Math.Min(observed[0].Year, years.FirstOrDefault()?.Year ?? int.MaxValue) : years.FirstOrDefault()?.Year ?? result.StartYear;
        var panel = new ChartPanel(surface.Canvas, SKRect.Create(0, 0, UrbanShareWidth, UrbanShareHeight),
            $"Urban share of the region feeding {result.City}: {result.Scenario}", "year", "urban share of the region",
            (firstYear, result.EndYear), (Math.Floor(all.Min() * 20) / 20, Math.Ceiling(all.Max() * 20) / 20), ChartText.Percent);
        if (input.HasBand) panel.Band(xs, [.. years.Select(y => y.P10)], [.. years.Select(y => y.P90)], Residents, "P10–P90 (the band the runs draw from)");
        panel.Line(xs, [.. years.Select(y => y.P50)], Residents, input.HasBand ? "P50" : "the scenario's path");
        if (observed.Length > 0)
            panel.Line([.. observed.Select(o => (double)o.Year)], [.. observed.Select(o => o.Share)], Observed, $"observed ({input.Source})", dashed: true, width: 2);
        panel.DrawLegend();
        return ChartImage.Encode(surface);
    }

    /// <summary>Two panels: residents and migrants (P50 with P10–P90), then grid cells short per need.</summary>
    public static byte[] PopulationAndGaps(PlanningResult result)
    {
        using var surface = NewSurface(PopulationAndGapsWidth, PopulationAndGapsHeight);
        var years = result.CityByYear;
        double[] xs = [.. years.Select(y => (double)y.Year)];
        float half = PopulationAndGapsHeight / 2f;
        string runs = string.Create(CultureInfo.InvariantCulture, $"{result.Runs:N0} runs");
        var people = new ChartPanel(surface.Canvas, SKRect.Create(0, 0, PopulationAndGapsWidth, half),
            $"People in {result.City}: {result.Scenario} ({runs})", "year", "persons",
            (result.StartYear, result.EndYear), (0, years.Max(y => Math.Max(y.Residents.P90, y.Migrants.P90)) * 1.05));
        foreach (var (name, color, band) in new[] { ("residents", Residents, (Func<CityYear, Band>)(y => y.Residents)), ("migrants", Migrants, y => y.Migrants) })
        {
            people.Band(xs, [.. years.Select(y => band(y).P10)], [.. years.Select(y => band(y).P90)], color);
            people.Line(xs, [.. years.Select(y => band(y).P50)], color, $"{name} P50 (band P10–P90)");
        }
        people.DrawLegend();
        double mostShort = years.SelectMany(y => y.Needs).Select(n => n.CellsShort.P90).DefaultIfEmpty(0).Max();
        var gaps = new ChartPanel(surface.Canvas, SKRect.Create(0, half, PopulationAndGapsWidth, half),
            string.Create(CultureInfo.InvariantCulture, $"Grid cells short, by need (of {result.Cells.Count} cells)"), "year", "cells short",
            (result.StartYear, result.EndYear), (0, Math.Max(5, Math.Ceiling(mostShort * 1.1))));
        foreach (var need in Needs.All)
        {
            var color = ChartText.NeedColor(need);
            gaps.Band(xs, [.. years.Select(y => y.Need(need).CellsShort.P10)], [.. years.Select(y => y.Need(need).CellsShort.P90)], color);
            gaps.Line(xs, [.. years.Select(y => y.Need(need).CellsShort.P50)], color, ChartText.NeedTitle(need) + " P50");
        }
        gaps.DrawLegend();
        return ChartImage.Encode(surface);
    }

    /// <summary>Cell outlines from the city definition the run used, by cell id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> OutlinesOf(Grains.City.CityDefinition city) =>
        city.GridCells.ToDictionary(c => c.Id, c => c.Boundary.Ring, StringComparer.Ordinal);

    internal static SKSurface NewSurface(int width, int height)
    {
        var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not make a {width}×{height} surface.");
        surface.Canvas.Clear(SKColors.White);
        return surface;
    }
}

/// <summary>What the urban-share chart shows: the path the scenario feeds the runs (fractions) and, if known, observed years.</summary>
/// <param name="Source">Where the observed years come from, e.g. the series file's vintage.</param>
public sealed record UrbanShareChartInput(IReadOnlyList<UrbanShareBandYear> Years, IReadOnlyList<(int Year, double Share)> Observed, string Source)
{
    public bool HasBand => Years.Any(y => y.P10 != y.P90);
}

/// <summary>One year of an urban-share path with its band, as fractions.</summary>
public sealed record UrbanShareBandYear(int Year, double P10, double P50, double P90);
