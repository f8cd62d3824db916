using System.Globalization;
using SkiaSharp;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>
/// One x–y chart in a rectangle of a canvas: title, axes with round-number ticks and grid lines, axis labels,
/// shaded bands, lines and a legend. Just enough for the planning charts; the data range is fixed up front.
/// </summary>
public sealed class ChartPanel
{
    private const float TitleSize = 20, LabelSize = 15, TickSize = 13;
    private static readonly SKColor Ink = new(0x22, 0x22, 0x22), GridLine = new(0xDD, 0xDD, 0xDD);

    private readonly SKCanvas _canvas;
    private readonly SKRect _plot;
    private readonly double _xMin, _xMax, _yMin, _yMax;
    private readonly List<(string Label, SKColor Color, bool IsBand)> _legend = [];

    /// <param name="area">Where the whole panel goes, labels included.</param>
    /// <param name="yTick">How a y tick reads, e.g. as a percentage.</param>
    public ChartPanel(SKCanvas canvas, SKRect area, string title, string xLabel, string yLabel,
        (double Min, double Max) x, (double Min, double Max) y, Func<double, string>? yTick = null)
    {
        _canvas = canvas;
        // Room on the left for tick labels and the rotated y label, below for ticks and the x label, above for the title.
        _plot = new SKRect(area.Left + 90, area.Top + 44, area.Right - 24, area.Bottom - 62);
        (_xMin, _xMax) = Widen(x.Min, x.Max);
        (_yMin, _yMax) = Widen(y.Min, y.Max);
        DrawFrame(area, title, xLabel, yLabel, yTick ?? CompactNumber);
    }

    /// <summary>A shaded band between two curves, e.g. P10 to P90.</summary>
    public void Band(IReadOnlyList<double> xs, IReadOnlyList<double> low, IReadOnlyList<double> high, SKColor color, string? legend = null)
    {
        if (xs.Count == 0) return;
        var outline = Enumerable.Range(0, xs.Count).Select(i => Point(xs[i], high[i]))
            .Concat(Enumerable.Range(0, xs.Count).Reverse().Select(i => Point(xs[i], low[i])));
        using var path = ChartImage.PathThrough([.. outline], close: true);
        using var paint = new SKPaint { Color = color.WithAlpha(60), IsAntialias = true, Style = SKPaintStyle.Fill };
        Clipped(() => _canvas.DrawPath(path, paint));
        if (legend is not null) _legend.Add((legend, color, true));
    }

    /// <summary>A line through the points; a dashed line for an observed or reference series.</summary>
    public void Line(IReadOnlyList<double> xs, IReadOnlyList<double> ys, SKColor color, string? legend = null, bool dashed = false, float width = 2.5f)
    {
        if (xs.Count == 0) return;
        using var path = ChartImage.PathThrough([.. Enumerable.Range(0, xs.Count).Select(i => Point(xs[i], ys[i]))], close: false);
        using var dash = dashed ? SKPathEffect.CreateDash([8, 6], 0) : null;
        using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, PathEffect = dash };
        Clipped(() => _canvas.DrawPath(path, paint));
        if (legend is not null) _legend.Add((legend, color, false));
    }

    /// <summary>A note in the top right of the plot, e.g. why a chart is empty.</summary>
    public void Note(string text)
    {
        using var font = ChartFont.Sized(LabelSize);
        using var paint = new SKPaint { Color = Ink, IsAntialias = true };
        _canvas.DrawText(text, _plot.MidX, _plot.MidY, SKTextAlign.Center, font, paint);
    }

    /// <summary>Draws the legend collected from the labelled bands and lines, in the plot's top left corner.</summary>
    public void DrawLegend()
    {
        if (_legend.Count == 0) return;
        using var font = ChartFont.Sized(TickSize);
        float rowHeight = 20, width = _legend.Max(e => font.MeasureText(e.Label)) + 46;
        var box = new SKRect(_plot.Left + 10, _plot.Top + 10, _plot.Left + 10 + width, _plot.Top + 16 + rowHeight * _legend.Count);
        using var background = new SKPaint { Color = SKColors.White.WithAlpha(230), Style = SKPaintStyle.Fill };
        using var border = new SKPaint { Color = GridLine, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        _canvas.DrawRect(box, background);
        _canvas.DrawRect(box, border);
        using var text = new SKPaint { Color = Ink, IsAntialias = true };
        for (int i = 0; i < _legend.Count; i++)
        {
            var (label, color, isBand) = _legend[i];
            float y = box.Top + 6 + rowHeight * i + rowHeight / 2;
            using var swatch = new SKPaint
            {
                Color = isBand ? color.WithAlpha(60) : color, IsAntialias = true,
                Style = isBand ? SKPaintStyle.Fill : SKPaintStyle.Stroke, StrokeWidth = 3,
            };
            if (isBand) _canvas.DrawRect(box.Left + 8, y - 6, 26, 12, swatch);
            else _canvas.DrawLine(box.Left + 8, y, box.Left + 34, y, swatch);
            _canvas.DrawText(label, box.Left + 40, y + 5, SKTextAlign.Left, font, text);
        }
    }

    /// <summary>Round tick values (1, 2 or 5 times a power of ten) covering min..max with about <paramref name="count"/> steps.</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int count = 6)
    {
        double raw = (max - min) / count, power = Math.Pow(10, Math.Floor(Math.Log10(raw))), fraction = raw / power;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        var ticks = new List<double>();
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        return ticks;
    }

    /// <summary>1,234 / 56.7k / 1.2M: short enough to sit left of the axis.</summary>
    public static string CompactNumber(double value) => Math.Abs(value) switch
    {
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    private SKPoint Point(double x, double y)
    {
        // Far outside values (an unstable queue's infinite wait) are pulled in just past the edge, where the clip hides them.
        double span = _yMax - _yMin, shown = Math.Clamp(y, _yMin - span, _yMax + span);
        return new SKPoint(
            (float)(_plot.Left + (x - _xMin) / (_xMax - _xMin) * _plot.Width),
            (float)(_plot.Bottom - (shown - _yMin) / span * _plot.Height));
    }

    private void Clipped(Action draw)
    {
        _canvas.Save();
        _canvas.ClipRect(_plot);
        draw();
        _canvas.Restore();
    }

    private void DrawFrame(SKRect area, string title, string xLabel, string yLabel, Func<double, string> yTick)
    {
        using var titleFont = ChartFont.Sized(TitleSize);
        using var labelFont = ChartFont.Sized(LabelSize);
        using var tickFont = ChartFont.Sized(TickSize);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var grid = new SKPaint { Color = GridLine, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        using var axis = new SKPaint { Color = Ink, StrokeWidth = 1.5f, Style = SKPaintStyle.Stroke };
        _canvas.DrawText(title, area.MidX, area.Top + 28, SKTextAlign.Center, titleFont, ink);
        foreach (double tick in Ticks(_yMin, _yMax))
        {
            float y = Point(_xMin, tick).Y;
            _canvas.DrawLine(_plot.Left, y, _plot.Right, y, grid);
            _canvas.DrawText(yTick(tick), _plot.Left - 8, y + 5, SKTextAlign.Right, tickFont, ink);
        }
        // Years are whole numbers: never a tick between two years.
        foreach (double tick in Ticks(_xMin, _xMax, 8).Where(t => t == Math.Round(t)))
        {
            float x = Point(tick, _yMin).X;
            _canvas.DrawLine(x, _plot.Top, x, _plot.Bottom, grid);
            _canvas.DrawLine(x, _plot.Bottom, x, _plot.Bottom + 5, axis);
            _canvas.DrawText(tick.ToString("0", CultureInfo.InvariantCulture), x, _plot.Bottom + 22, SKTextAlign.Center, tickFont, ink);
        }
        _canvas.DrawRect(_plot, axis);
        _canvas.DrawText(xLabel, _plot.MidX, area.Bottom - 14, SKTextAlign.Center, labelFont, ink);
        _canvas.Save();
        _canvas.RotateDegrees(-90, area.Left + 22, _plot.MidY);
        _canvas.DrawText(yLabel, area.Left + 22, _plot.MidY, SKTextAlign.Center, labelFont, ink);
        _canvas.Restore();
    }

    /// <summary>A range of zero width (a flat series) gets some room, so that it draws as a line, not a division by zero.</summary>
    private static (double Min, double Max) Widen(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return (0, 1);
        if (max > min) return (min, max);
        double pad = Math.Max(Math.Abs(min) * 0.1, 1);
        return (min - pad, max + pad);
    }
}
