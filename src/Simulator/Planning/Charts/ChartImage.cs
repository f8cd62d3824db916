using SkiaSharp;

namespace SmartCity.Simulator.Planning.Charts;

/// <summary>PNG encoding of a finished chart surface.</summary>
internal static class ChartImage
{
    public static byte[] Encode(SKSurface surface)
    {
        using var image = surface.Snapshot();
        // PNG is lossless; the quality argument does not apply to it.
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A path through the points in order, closed into a polygon when asked.</summary>
    public static SKPath PathThrough(IReadOnlyList<SKPoint> points, bool close)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(points[0]);
        for (int i = 1; i < points.Count; i++) builder.LineTo(points[i]);
        if (close) builder.Close();
        return builder.Detach();
    }
}
