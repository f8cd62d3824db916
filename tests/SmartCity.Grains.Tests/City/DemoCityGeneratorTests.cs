using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;

namespace SmartCity.Grains.Tests.City;

public sealed class DemoCityGeneratorTests
{
    private static readonly CityDefinition City = DemoCityGenerator.Generate();

    [Fact]
    public void Same_seed_gives_the_same_file_byte_for_byte()
    {
        Assert.Equal(FileBytes(DemoCityGenerator.Generate(7)), FileBytes(DemoCityGenerator.Generate(7)));
        Assert.Equal(FileBytes(City), FileBytes(DemoCityGenerator.Generate()));
    }

    [Fact]
    public void Different_seeds_give_different_cities()
    {
        Assert.NotEqual(FileBytes(DemoCityGenerator.Generate(1)), FileBytes(DemoCityGenerator.Generate(2)));
    }

    [Fact]
    public void Demo_city_passes_validation()
    {
        Assert.Empty(CityValidator.Validate(City));
        Assert.Empty(CityValidator.Validate(DemoCityGenerator.Generate(42)));
    }

    [Fact]
    public void Demo_city_has_the_planned_numbers_of_everything()
    {
        Assert.Equal(("Hangzhou (demo)", "Asia/Shanghai"), (City.Name, City.TimeZoneId));
        Assert.Equal(
            ["district:SC", "district:GS", "district:XH", "district:BJ", "district:XS", "district:YH"],
            City.Districts.Select(d => d.Id));
        Assert.Equal(400, City.GridCells.Count);
        Assert.Equal(40, City.GridCells.Select(c => c.Community).Distinct().Count());
        Assert.Equal(20_000, City.ParkingBays.Count);
        Assert.Equal(40, City.CarParks.Count);
        Assert.All(City.CarParks, c => Assert.InRange(c.Capacity, 80, 600));
        Assert.Equal(600, City.Facilities.Count);
        Assert.Equal(
            new Dictionary<FacilityKind, int>
            {
                [FacilityKind.PublicToilet] = 280, [FacilityKind.ServiceHall] = 40, [FacilityKind.Clinic] = 90,
                [FacilityKind.School] = 120, [FacilityKind.PolicePost] = 70,
            },
            City.Facilities.CountBy(f => f.Kind).ToDictionary());
        Assert.Equal(400, City.Officials.Count);
        Assert.Equal(
            new Dictionary<OfficialRole, int> { [OfficialRole.DistrictHead] = 6, [OfficialRole.CommunityHead] = 40, [OfficialRole.GridOfficial] = 354 },
            City.Officials.CountBy(o => o.Role).ToDictionary());
    }

    [Fact]
    public void Every_cell_has_200_to_500_households_and_a_plausible_population()
    {
        Assert.All(City.GridCells, cell =>
        {
            Assert.InRange(cell.Households, 200, 500);
            Assert.InRange(cell.Residents, (int)(cell.Households * 2.2), (int)Math.Ceiling(cell.Households * 3.0));
            Assert.InRange(cell.Migrants, (int)(cell.Residents * 0.1), (int)(cell.Residents * 0.4));
        });
    }

    [Fact]
    public void Every_bay_lies_in_the_cell_its_id_names()
    {
        var map = new CityMap(City);

        Assert.All(City.ParkingBays, bay =>
        {
            string cellId = "grid:" + bay.Id["bay:".Length..^"-00".Length];
            Assert.Equal(cellId, map.GridCellContaining(bay.Location)?.Id);
        });
        Assert.All(City.GridCells, cell => Assert.Equal(50, map.MembersOf(cell.Id).ParkingBays.Count));
    }

    [Fact]
    public void Car_parks_stand_in_forty_different_cells()
    {
        var map = new CityMap(City);

        Assert.Equal(40, City.CarParks.Select(c => map.GridCellOf(c.Id)).Distinct().Count());
    }

    [Fact]
    public void Every_community_has_its_own_service_hall()
    {
        var map = new CityMap(City);

        var communitiesWithHall = City.Facilities.Where(f => f.Kind == FacilityKind.ServiceHall)
            .Select(f => map.GridCell(map.GridCellOf(f.Id))!.Community);

        Assert.Equal(40, communitiesWithHall.Distinct().Count());
    }

    [Fact]
    public void Grid_officials_cover_every_cell_and_46_of_them_two_neighbouring_cells_of_one_community()
    {
        var map = new CityMap(City);
        var officials = City.Officials.ToDictionary(o => o.Id);

        var cellsPerOfficial = map.GridsByOfficial.Values.GroupBy(cells => cells.Count).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 308, [2] = 46 }, cellsPerOfficial);
        foreach (var (officialId, cells) in map.GridsByOfficial.Where(pair => pair.Value.Count == 2))
        {
            // Neighbours along a street share an edge: two corners.
            Assert.Equal(2, map.GridCell(cells[0])!.Boundary.Ring.Intersect(map.GridCell(cells[1])!.Boundary.Ring).Count());
            Assert.Equal(map.GridCell(cells[0])!.Community, map.GridCell(cells[1])!.Community);
            Assert.Equal(OfficialRole.GridOfficial, officials[officialId].Role);
        }
    }

    [Fact]
    public void Each_grid_official_answers_to_a_community_head_who_answers_to_a_district_head()
    {
        var officials = City.Officials.ToDictionary(o => o.Id);

        Assert.All(City.Officials, official =>
        {
            var supervisor = official.SupervisorId is { } id ? officials[id] : null;
            Assert.Equal(
                official.Role switch
                {
                    OfficialRole.GridOfficial => OfficialRole.CommunityHead,
                    OfficialRole.CommunityHead => OfficialRole.DistrictHead,
                    _ => (OfficialRole?)null,
                },
                supervisor?.Role);
        });
    }

    [Fact]
    public void Districts_are_contiguous_blocks_of_cells()
    {
        var map = new CityMap(City);

        foreach (var (_, cells) in map.CellsByDistrict)
        {
            var reached = new HashSet<string> { cells[0] };
            var queue = new Queue<string>(reached);
            while (queue.TryDequeue(out var cell))
            {
                foreach (var next in map.NeighboursOf(cell).Where(cells.Contains)) if (reached.Add(next)) queue.Enqueue(next);
            }
            Assert.Equal(cells.Count, reached.Count);
        }
    }

    private static byte[] FileBytes(CityDefinition city)
    {
        using var stream = new MemoryStream();
        CityFile.Write(city, stream);
        return stream.ToArray();
    }
}
