using System.Globalization;
using SkiaSharp;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>
/// The map-like heat grid: one small map per need, every grid cell drawn at its place in the city and coloured by
/// the median (P50) year its gap opens, dark red for soon, pale yellow for late, grey-blue where no gap opens
/// within the horizon in at least half the runs. A sixth panel holds the legend.
/// </summary>
public static class GapYearMap
{
    public const int Width = 1500, Height = 1060;

    /// <summary>The colour of cells without a gap by the last year (P50): a cool grey that no year colour comes near.</summary>
    public static readonly SKColor NoGap = new(0xC8, 0xD3, 0xDC);

    // Dark to pale: the earlier a gap opens, the more it stands out (a sequential scheme in the spirit of ColorBrewer's YlOrRd).
    private static readonly SKColor[] Ramp = [new(0x80, 0x00, 0x26), new(0xE3, 0x1A, 0x1C), new(0xFD, 0x8D, 0x3C), new(0xFE, 0xE3, 0x91)];

    private const int Columns = 3, HeaderHeight = 56;

    /// <summary>The fill of a cell whose gap opens (P50) in <paramref name="year"/>, or <see cref="NoGap"/> for null.</summary>
    public static SKColor ColorOf(int? year, int startYear, int endYear)
    {
        if (year is not int y) return NoGap;
        double position = endYear > startYear ? Math.Clamp((double)(y - startYear) / (endYear - startYear), 0, 1) : 0;
        double scaled = position * (Ramp.Length - 1);
        int low = Math.Min((int)scaled, Ramp.Length - 2);
        double t = scaled - low;
        byte Mix(byte a, byte b) => (byte)Math.Round(a + (b - a) * t);
        return new SKColor(Mix(Ramp[low].Red, Ramp[low + 1].Red), Mix(Ramp[low].Green, Ramp[low + 1].Green), Mix(Ramp[low].Blue, Ramp[low + 1].Blue));
    }

    /// <summary>The PNG of the result's gap-opening years, cells drawn with the outlines given by cell id.</summary>
    public static byte[] Render(PlanningResult result, IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> outlines)
    {
        using var surface = ScenarioCharts.NewSurface(Width, Height);
        var canvas = surface.Canvas;
        using var titleFont = ChartFont.Sized(22);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"Year each grid cell's gap opens (P50 of {result.Runs:N0} runs): {result.Scenario}, {result.City}"),
            Width / 2f, 36, SKTextAlign.Center, titleFont, ink);
        var projection = new MapProjection(outlines.Values.SelectMany(o => o));
        float panelWidth = Width / (float)Columns, panelHeight = (Height - HeaderHeight) / 2f;
        for (int k = 0; k <= Needs.Count; k++)
        {
            var panel = SKRect.Create(k % Columns * panelWidth, HeaderHeight + k / Columns * panelHeight, panelWidth, panelHeight);
            if (k < Needs.Count) DrawNeed(canvas, panel, result, Needs.All[k], outlines, projection);
            else DrawLegend(canvas, panel, result);
        }
        return ChartImage.Encode(surface);
    }

    private static void DrawNeed(SKCanvas canvas, SKRect panel, PlanningResult result, Need need,
        IReadOnlyDictionary<string, IReadOnlyList<GeoPoint>> outlines, MapProjection projection)
    {
        using var font = ChartFont.Sized(17);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        int opened = result.Cells.Count(c => c.GapOpening(need).P50Year is not null);
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"{ChartText.NeedTitle(need)}: {opened} of {result.Cells.Count} cells short"),
            panel.MidX, panel.Top + 24, SKTextAlign.Center, font, ink);
        var map = new SKRect(panel.Left + 14, panel.Top + 36, panel.Right - 14, panel.Bottom - 10);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f };
        foreach (var cell in result.Cells)
        {
            if (!outlines.TryGetValue(cell.CellId, out var outline) || outline.Count < 3) continue;
            using var path = ChartImage.PathThrough([.. outline.Select(p => projection.Map(p, map))], close: true);
            fill.Color = ColorOf(cell.GapOpening(need).P50Year, result.StartYear, result.EndYear);
            canvas.DrawPath(path, fill);
            canvas.DrawPath(path, edge);
        }
    }

    private static void DrawLegend(SKCanvas canvas, SKRect panel, PlanningResult result)
    {
        using var font = ChartFont.Sized(15);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        float left = panel.Left + 60, top = panel.Top + 60, barWidth = 36, barHeight = panel.Height - 200;
        canvas.DrawText("Year the gap opens (P50)", left, top - 20, SKTextAlign.Left, font, ink);
        int years = result.EndYear - result.StartYear + 1;
        using var swatch = new SKPaint { Style = SKPaintStyle.Fill };
        for (int i = 0; i < years; i++)
        {
            swatch.Color = ColorOf(result.StartYear + i, result.StartYear, result.EndYear);
            canvas.DrawRect(left, top + barHeight * i / years, barWidth, barHeight / years + 0.5f, swatch);
        }
        // The first and last years are always labelled; a round year within two of them would print on top of them.
        var ticks = ChartPanel.Ticks(result.StartYear, result.EndYear, 5).Where(t => t - result.StartYear > 2 && result.EndYear - t > 2)
            .Prepend(result.StartYear).Append(result.EndYear).Distinct();
        foreach (double tick in ticks)
        {
            float y = top + (float)((tick - result.StartYear + 0.5) / years) * barHeight;
            string label = tick == result.StartYear ? $"{tick:0} (or at the start)" : tick.ToString("0", CultureInfo.InvariantCulture);
            canvas.DrawText(label, left + barWidth + 10, y + 5, SKTextAlign.Left, font, ink);
        }
        swatch.Color = NoGap;
        float noGapTop = top + barHeight + 30;
        canvas.DrawRect(left, noGapTop, barWidth, 24, swatch);
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"no gap by {result.EndYear} (P50)"), left + barWidth + 10, noGapTop + 17, SKTextAlign.Left, font, ink);
    }

    /// <summary>Longitude and latitude onto the panel: equirectangular at the middle latitude, north up, aspect kept.</summary>
    private sealed class MapProjection
    {
        private readonly double _minX, _minY, _width, _height, _cosLat;

        public MapProjection(IEnumerable<GeoPoint> points)
        {
            var all = points.ToArray();
            if (all.Length == 0) all = [new GeoPoint(0, 0)];
            double minLat = all.Min(p => p.Lat), maxLat = all.Max(p => p.Lat);
            _cosLat = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
            _minX = all.Min(p => p.Lon) * _cosLat;
            _minY = minLat;
            _width = Math.Max(all.Max(p => p.Lon) * _cosLat - _minX, 1e-9);
            _height = Math.Max(maxLat - minLat, 1e-9);
        }

        public SKPoint Map(GeoPoint point, SKRect area)
        {
            double scale = Math.Min(area.Width / _width, area.Height / _height);
            double offsetX = area.Left + (area.Width - _width * scale) / 2, offsetY = area.Top + (area.Height - _height * scale) / 2;
            return new SKPoint((float)(offsetX + (point.Lon * _cosLat - _minX) * scale), (float)(offsetY + (_minY + _height - point.Lat) * scale));
        }
    }
}
