using SkiaSharp;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>`scenario compare --out`: the scenarios' residents and their cells short per need, one line per scenario.</summary>
public static class ComparisonChart
{
    public const string File = "compare.png";

    public const int Width = 1500, Height = 1000;

    private const int Columns = 3;

    /// <summary>Six panels: residents, then each need's cells short, all P50 by year, a colour per scenario.</summary>
    public static byte[] Render(IReadOnlyList<PlanningResult> results)
    {
        using var surface = ScenarioCharts.NewSurface(Width, Height);
        float panelWidth = Width / (float)Columns, panelHeight = Height / 2f;
        int firstYear = results.Min(r => r.StartYear), lastYear = results.Max(r => r.EndYear);
        var measures = new List<(string Title, string YLabel, Func<CityYear, double> Value)> { ("Residents (P50)", "persons", y => y.Residents.P50) };
        measures.AddRange(Needs.All.Select(need => (
            $"{ChartText.NeedTitle(need)}: cells short (P50)", "cells short", (Func<CityYear, double>)(y => y.Need(need).CellsShort.P50))));
        for (int k = 0; k < measures.Count; k++)
        {
            var (title, yLabel, value) = measures[k];
            double low = results.SelectMany(r => r.CityByYear).Min(value), high = results.SelectMany(r => r.CityByYear).Max(value);
            // Counts of cells start at zero; residents would then be a flat line at the top, so they get their own range.
            // At least 0..5, so that a need no cell is short of gets whole-number ticks, not 0.2 steps.
            if (k > 0) (low, high) = (0, Math.Max(5, Math.Ceiling(high * 1.1)));
            var panel = new ChartPanel(surface.Canvas, SKRect.Create(k % Columns * panelWidth, k / Columns * panelHeight, panelWidth, panelHeight),
                title, "year", yLabel, (firstYear, lastYear), (low, high));
            for (int r = 0; r < results.Count; r++)
            {
                var years = results[r].CityByYear;
                panel.Line([.. years.Select(y => (double)y.Year)], [.. years.Select(value)],
                    ChartText.SeriesColors[r % ChartText.SeriesColors.Count], k == 0 ? results[r].Scenario : null);
            }
            panel.DrawLegend();
        }
        return ChartImage.Encode(surface);
    }
}
