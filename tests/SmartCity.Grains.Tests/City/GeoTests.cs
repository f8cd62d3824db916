using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Tests.City;

public sealed class GeoTests
{
    [Fact]
    public void Hangzhou_to_Shanghai_is_about_165_km()
    {
        var hangzhou = new GeoPoint(30.2741, 120.1551);
        var shanghai = new GeoPoint(31.2304, 121.4737);

        Assert.InRange(hangzhou.DistanceMetersTo(shanghai), 165_000 * 0.99, 165_000 * 1.01);
        Assert.Equal(hangzhou.DistanceMetersTo(shanghai), shanghai.DistanceMetersTo(hangzhou), 6);
        Assert.Equal(0, hangzhou.DistanceMetersTo(hangzhou));
    }

    [Fact]
    public void Point_inside_a_square_is_contained_and_one_outside_is_not()
    {
        var square = SmallCity.Square(30.27, 120.16);

        Assert.True(square.Contains(new GeoPoint(30.2715, 120.1617)));
        Assert.False(square.Contains(new GeoPoint(30.2715, 120.1640)));
        Assert.False(square.Contains(new GeoPoint(30.2690, 120.1617)));
    }

    [Fact]
    public void Notch_of_a_concave_polygon_is_outside_it()
    {
        // An L shape: a 2 x 2 square with its north-east quarter cut away.
        var l = new GeoPolygon(
        [
            new GeoPoint(0, 0), new GeoPoint(0, 2), new GeoPoint(1, 2),
            new GeoPoint(1, 1), new GeoPoint(2, 1), new GeoPoint(2, 0),
        ]);

        Assert.True(l.Contains(new GeoPoint(0.5, 1.5)));
        Assert.True(l.Contains(new GeoPoint(1.5, 0.5)));
        Assert.False(l.Contains(new GeoPoint(1.5, 1.5)));
    }

    [Fact]
    public void Closing_corner_of_a_GeoJSON_ring_is_not_kept_twice()
    {
        GeoPoint a = new(0, 0), b = new(0, 1), c = new(1, 1);

        var triangle = new GeoPolygon([a, b, c, a]);

        Assert.Equal([a, b, c], triangle.Ring);
    }

    [Fact]
    public void Distance_from_a_box_is_zero_inside_and_positive_outside()
    {
        var box = SmallCity.Square(30.27, 120.16).Bounds;

        Assert.Equal(0, box.DistanceMetersFrom(new GeoPoint(30.271, 120.161)));
        Assert.InRange(box.DistanceMetersFrom(new GeoPoint(30.274, 120.161)), 100, 120);
    }
}
