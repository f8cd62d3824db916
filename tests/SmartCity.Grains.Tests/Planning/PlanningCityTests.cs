using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

public sealed class PlanningCityTests
{
    [Fact]
    public void A_hand_made_row_gets_areas_neighbours_people_and_capacities_from_its_polygons_and_features()
    {
        var city = PlanningCity.FromCity(TestCities.Row(
            new TestCities.Plot(300, 800, 100, Toilets: 2, Bays: 12), new TestCities.Plot(400, 1000, 300, ServiceHalls: 1), new TestCities.Plot(100, 200, 0)));

        var first = city.Cells[0];
        // 0.003° of latitude × 0.0035° of longitude at 30.25° N: 333.6 m × 336.2 m.
        Assert.Equal(0.11215, first.AreaKm2, 3);
        Assert.Equal([TestCities.CellId(2)], first.Neighbours);
        Assert.Equal([TestCities.CellId(1), TestCities.CellId(3)], city.Cells[1].Neighbours);
        Assert.Equal((300, 800, 100), (first.Households, first.Residents, first.Migrants));
        Assert.Equal(920, first.HousingCapacity);
        Assert.Equal(2, first.PublicToilets);
        Assert.Equal(12, first.ParkingSpaces);
        Assert.Equal(2, first.JobsWeight);
        Assert.Equal(1, first.Officials);
        Assert.Equal(120, city.Cells[1].ServiceHallThroughput);
        Assert.Equal(1, city.Cells[2].JobsWeight);
        Assert.Equal(30.2515, first.Centroid.Lat, 6);
    }

    [Fact]
    public void The_demo_city_keeps_every_bay_car_park_space_and_toilet_and_its_neighbours_are_symmetric()
    {
        var definition = DemoCityGenerator.Generate();

        var city = PlanningCity.FromCity(definition);

        Assert.Equal(400, city.Cells.Count);
        Assert.Equal(definition.ParkingBays.Count + definition.CarParks.Sum(c => c.Capacity), city.Cells.Sum(c => c.ParkingSpaces));
        Assert.Equal(280, city.Cells.Sum(c => c.PublicToilets));
        Assert.Equal(definition.GridCells.Sum(c => c.Residents), city.Cells.Sum(c => c.Residents));
        Assert.InRange(city.Cells.Sum(c => c.AreaKm2), 44, 46);
        Assert.All(city.Cells, cell =>
        {
            Assert.InRange(cell.Neighbours.Count, 3, 8);
            Assert.All(cell.Neighbours, n => Assert.Contains(cell.Id, city.Cells[city.IndexOf(n)].Neighbours));
        });
    }

    [Fact]
    public void Cells_across_a_narrow_street_are_neighbours_and_cells_further_apart_are_not()
    {
        static GeoPolygon Square(double west) => new([
            new GeoPoint(30.25, west), new GeoPoint(30.25, west + 0.003), new GeoPoint(30.253, west + 0.003), new GeoPoint(30.253, west)]);
        // 0.0003° of longitude is about 29 m at this latitude, 0.003° about 288 m.
        var geometry = new CellGeometry([Square(120.15), Square(120.1533), Square(120.1593)]);

        var neighbours = geometry.Neighbours(PlanningCity.DefaultNeighbourWithinMeters);

        Assert.Equal([1], neighbours[0]);
        Assert.Equal([0], neighbours[1]);
        Assert.Empty(neighbours[2]);
    }
}
