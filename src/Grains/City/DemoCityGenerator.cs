using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>
/// A Hangzhou-like demo city, identical for the same seed: 400 grid cells in 6 districts and
/// 40 communities, 20,000 parking bays, 40 car parks, 600 facilities and 400 officials.
/// </summary>
public static class DemoCityGenerator
{
    public const int DefaultSeed = 20261129;

    public static CityDefinition Generate(int seed = DefaultSeed) => new Builder(new Random(seed)).Build();

    /// <summary>A district as a block of lattice rows and columns, split into communities of 2 x 5 cells.</summary>
    private sealed record DistrictPlan(string Code, string Name, int FirstRow, int FirstColumn, string[] Communities);

    private sealed record Plot(GridCellDefinition Cell, int Row, int Column, string DistrictCode, string CommunityName);

    private sealed record FacilityPlan(
        FacilityKind Kind, string Slug, string Title, int Count, int MinCapacity, int MaxCapacity, bool HasSensor, string[] Hours);

    // Rows run south to north, columns west to east: Yuhang and Gongshu in the north, Xihu and
    // Shangcheng either side of the centre, Binjiang and Xiaoshan south of the Qiantang.
    private static readonly DistrictPlan[] Districts =
    [
        new("SC", "Shangcheng", 6, 10, ["Hubin", "Qingbo", "Xiaoying", "Ziyang", "Nanxing", "Wangjiang", "Caihe", "Kaixuan"]),
        new("GS", "Gongshu", 14, 10, ["Mishixiang", "Daguan", "Xiaohe", "Gongchen", "Banshan", "Kangqiao"]),
        new("XH", "Xihu", 6, 0, ["Beishan", "Lingyin", "Xixi", "Cuiyuan", "Wenxin", "Gudang", "Jiangcun", "Zhuantang"]),
        new("BJ", "Binjiang", 0, 0, ["Xixing", "Changhe", "Puyan", "Baimahu", "Jiangnan", "Guanshan"]),
        new("XS", "Xiaoshan", 0, 10, ["Chengxiang", "Beigan", "Xintang", "Wenyan", "Suoqian", "Ningwei"]),
        new("YH", "Yuhang", 14, 0, ["Liangzhu", "Wuchang", "Cangqian", "Xianlin", "Pingyao", "Renhe"]),
    ];

    private static readonly FacilityPlan[] FacilityPlans =
    [
        new(FacilityKind.PublicToilet, "toilet", "Public Toilet", 280, 4, 16, true,
            ["Mo-Su 06:00-22:00", "Mo-Su 06:00-22:00", "Mo-Su 06:00-22:00", "24/7"]),
        new(FacilityKind.ServiceHall, "hall", "Community Service Hall", 40, 40, 150, true, ["Mo-Fr 08:30-17:00; Sa 09:00-12:00"]),
        new(FacilityKind.Clinic, "clinic", "Clinic", 90, 20, 80, false, ["Mo-Su 08:00-20:00"]),
        new(FacilityKind.School, "school", "School", 120, 300, 1500, false, ["Mo-Fr 07:30-17:30"]),
        new(FacilityKind.PolicePost, "police", "Police Post", 70, 4, 20, false, ["24/7"]),
    ];

    private sealed class Builder(Random random)
    {
        // A 20 x 20 lattice around 30.27 N, 120.16 E. At this latitude 0.0030 deg of latitude and
        // 0.0035 deg of longitude are both about 335 m, so cells are roughly square.
        private const int Size = 20;
        private const double StepLat = 0.0030, StepLon = 0.0035;
        private const double SouthLat = 30.27 - Size / 2 * StepLat, WestLon = 120.16 - Size / 2 * StepLon;

        // Corners move by up to this share of a step each way. Below 0.25 every quadrilateral stays
        // convex (no corner can cross the diagonal of its neighbours), which the placing below relies on.
        private const double Jitter = 0.18;

        private const int CommunityRows = 2, CommunityColumns = 5, CellsPerCommunity = CommunityRows * CommunityColumns;
        private const int CommunitiesWithTwoSharedOfficials = 6, CarParks = 40, BaysPerCell = 50;

        private readonly GeoPoint[,] _corners = new GeoPoint[Size + 1, Size + 1];
        private readonly List<Plot> _plots = [];
        private readonly List<OfficialDefinition> _officials = [];
        private readonly Dictionary<string, int> _lastNumber = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OpeningHours> _hours = new(StringComparer.Ordinal);

        public CityDefinition Build()
        {
            LayCorners();
            int communities = Districts.Sum(d => d.Communities.Length);
            var twoShared = Pick(communities, CommunitiesWithTwoSharedOfficials).ToHashSet();
            int community = 0;
            foreach (var district in Districts)
            {
                var head = AddOfficial($"official:{district.Code}-D", OfficialRole.DistrictHead, null);
                for (int k = 0; k < district.Communities.Length; k++)
                {
                    PlanCommunity(district, k, head.Id, twoShared.Contains(community++) ? 2 : 1);
                }
            }
            var bays = _plots.SelectMany(LayBays).ToArray();
            var carParks = Pick(_plots.Count, CarParks).Order().Select(i => PlaceCarPark(_plots[i])).ToArray();
            var facilities = FacilityPlans.SelectMany(PlaceFacilities).ToArray();
            return new CityDefinition(
                "Hangzhou (demo)", "Asia/Shanghai",
                Districts.Select(d => new DistrictDefinition($"district:{d.Code}", d.Name)).ToArray(),
                _plots.Select(p => p.Cell).ToArray(), bays, carParks, facilities, _officials.ToArray());
        }

        private void LayCorners()
        {
            for (int row = 0; row <= Size; row++)
                for (int column = 0; column <= Size; column++)
                {
                    double lat = SouthLat + (row + Jitter * (2 * random.NextDouble() - 1)) * StepLat;
                    double lon = WestLon + (column + Jitter * (2 * random.NextDouble() - 1)) * StepLon;
                    _corners[row, column] = Round(new GeoPoint(lat, lon));
                }
        }

        private void PlanCommunity(DistrictPlan district, int k, string districtHeadId, int sharedOfficials)
        {
            string name = district.Communities[k];
            var head = AddOfficial($"official:{district.Code}-C{k + 1:00}", OfficialRole.CommunityHead, districtHeadId);
            var officials = AppointGridOfficials(district.Code, head.Id, sharedOfficials);
            // Communities fill the district two per band of two rows: west block, then east block.
            int firstRow = district.FirstRow + k / 2 * CommunityRows, firstColumn = district.FirstColumn + k % 2 * CommunityColumns;
            for (int i = 0; i < CellsPerCommunity; i++)
            {
                int row = firstRow + i / CommunityColumns, column = firstColumn + i % CommunityColumns;
                var (households, residents, migrants) = Population(row, column);
                var cell = new GridCellDefinition(
                    $"grid:{district.Code}-{k * CellsPerCommunity + i + 1:0000}", $"{name} Grid {i + 1}", $"district:{district.Code}",
                    $"{name} Community", households, residents, migrants, officials[i], Boundary(row, column));
                _plots.Add(new Plot(cell, row, column, district.Code, name));
            }
        }

        /// <summary>One official per cell, except that each shared official covers two neighbouring cells of a row.</summary>
        private string[] AppointGridOfficials(string districtCode, string communityHeadId, int sharedOfficials)
        {
            int[] rows = sharedOfficials == 2 ? [0, 1] : [random.Next(CommunityRows)];
            var pairStarts = rows.Select(row => row * CommunityColumns + random.Next(CommunityColumns - 1)).ToHashSet();
            var officials = new string[CellsPerCommunity];
            for (int i = 0; i < CellsPerCommunity; i++)
            {
                officials[i] = pairStarts.Contains(i - 1)
                    ? officials[i - 1]
                    : AddOfficial($"official:{districtCode}-G{Next($"{districtCode}/grid-official"):000}", OfficialRole.GridOfficial, communityHeadId).Id;
            }
            return officials;
        }

        private (int Households, int Residents, int Migrants) Population(int row, int column)
        {
            int households = random.Next(200, 501);
            int residents = (int)Math.Round(households * (2.2 + 0.8 * random.NextDouble()));
            // Rented rooms near the centre draw more of the floating population: 10% at the edge, up to 40%.
            double fromCentre = Math.Sqrt(Math.Pow(row - 9.5, 2) + Math.Pow(column - 9.5, 2)) / Math.Sqrt(2 * 9.5 * 9.5);
            double migrantShare = 0.10 + 0.30 * (0.6 * (1 - fromCentre) + 0.4 * random.NextDouble());
            return (households, residents, (int)(residents * migrantShare));
        }

        // Counter-clockwise (south-west, south-east, north-east, north-west) as RFC 7946 §3.1.6 asks.
        private GeoPolygon Boundary(int row, int column) => new(
            [_corners[row, column], _corners[row, column + 1], _corners[row + 1, column + 1], _corners[row + 1, column]]);

        /// <summary>Bays along the four streets around a cell, a few metres in from the cell's edge.</summary>
        private List<ParkingBayDefinition> LayBays(Plot plot)
        {
            int row = plot.Row, column = plot.Column;
            GeoPoint southWest = _corners[row, column], southEast = _corners[row, column + 1];
            GeoPoint northEast = _corners[row + 1, column + 1], northWest = _corners[row + 1, column];
            (GeoPoint From, GeoPoint To, string Street)[] streets =
            [
                (southWest, southEast, DemoCityNames.EastWestStreets[row]),
                (southEast, northEast, DemoCityNames.NorthSouthStreets[column + 1]),
                (northEast, northWest, DemoCityNames.EastWestStreets[row + 1]),
                (northWest, southWest, DemoCityNames.NorthSouthStreets[column]),
            ];
            var centre = plot.Cell.Boundary.Centroid;
            string cellCode = plot.Cell.Id["grid:".Length..];
            var bays = new List<ParkingBayDefinition>(BaysPerCell);
            for (int side = 0; side < streets.Length; side++)
            {
                var (from, to, street) = streets[side];
                int count = BaysPerCell / streets.Length + (side < BaysPerCell % streets.Length ? 1 : 0);
                for (int k = 0; k < count; k++)
                {
                    // Spread along the middle 80% of the kerb, then 4-8% of the way towards the centre:
                    // in a convex cell that is strictly inside, never on the shared edge.
                    double along = 0.1 + 0.8 * (k + 0.5 + 0.3 * (2 * random.NextDouble() - 1)) / count;
                    var kerb = Between(from, to, along);
                    var location = Round(Between(kerb, centre, 0.04 + 0.04 * random.NextDouble()));
                    bays.Add(new ParkingBayDefinition($"bay:{cellCode}-{bays.Count + 1:00}", location, street));
                }
            }
            return bays;
        }

        private CarParkDefinition PlaceCarPark(Plot plot) => new(
            $"carpark:{plot.DistrictCode}-{Next($"{plot.DistrictCode}/carpark"):00}",
            $"{plot.CommunityName} Car Park {Next($"{plot.CommunityName}/carpark")}",
            PointInside(plot),
            random.Next(80, 601));

        private IEnumerable<FacilityDefinition> PlaceFacilities(FacilityPlan plan)
        {
            var facilities = new List<FacilityDefinition>(plan.Count);
            for (int n = 0; n < plan.Count; n++)
            {
                // Every community has its own service hall; other facilities fall anywhere.
                var plot = plan.Kind == FacilityKind.ServiceHall
                    ? _plots[n * CellsPerCommunity + random.Next(CellsPerCommunity)]
                    : _plots[random.Next(_plots.Count)];
                string name = plan.Kind == FacilityKind.ServiceHall
                    ? $"{plot.CommunityName} {plan.Title}"
                    : $"{plot.CommunityName} {plan.Title} {Next($"{plot.CommunityName}/{plan.Slug}")}";
                facilities.Add(new FacilityDefinition(
                    $"facility:{plot.DistrictCode}-{plan.Slug}-{Next($"{plot.DistrictCode}/{plan.Slug}"):000}",
                    name, plan.Kind, PointInside(plot), random.Next(plan.MinCapacity, plan.MaxCapacity + 1),
                    Hours(plan.Hours[random.Next(plan.Hours.Length)]), plan.HasSensor));
            }
            return facilities;
        }

        /// <summary>A point in the triangle between the cell's centre and two adjacent corners, shrunk to stay off the edges.</summary>
        private GeoPoint PointInside(Plot plot)
        {
            var ring = plot.Cell.Boundary.Ring;
            var centre = plot.Cell.Boundary.Centroid;
            int k = random.Next(ring.Count);
            double u = random.NextDouble(), v = random.NextDouble();
            if (u + v > 1) (u, v) = (1 - u, 1 - v);
            const double Reach = 0.85;
            GeoPoint a = ring[k], b = ring[(k + 1) % ring.Count];
            return Round(new GeoPoint(
                centre.Lat + Reach * (u * (a.Lat - centre.Lat) + v * (b.Lat - centre.Lat)),
                centre.Lon + Reach * (u * (a.Lon - centre.Lon) + v * (b.Lon - centre.Lon))));
        }

        private OfficialDefinition AddOfficial(string id, OfficialRole role, string? supervisorId)
        {
            var official = new OfficialDefinition(id, DemoCityNames.PersonName(random), role, supervisorId);
            _officials.Add(official);
            return official;
        }

        private OpeningHours Hours(string text)
        {
            if (!_hours.TryGetValue(text, out var hours)) _hours[text] = hours = OpeningHours.Parse(text);
            return hours;
        }

        /// <summary>1, 2, 3, ... per series, e.g. the grid officials of one district.</summary>
        private int Next(string series) => _lastNumber[series] = _lastNumber.GetValueOrDefault(series) + 1;

        /// <summary>The first <paramref name="count"/> of a partial Fisher-Yates shuffle of 0..n-1: distinct, uniform.</summary>
        private int[] Pick(int n, int count)
        {
            int[] items = Enumerable.Range(0, n).ToArray();
            for (int i = 0; i < count; i++)
            {
                int j = i + random.Next(n - i);
                (items[i], items[j]) = (items[j], items[i]);
            }
            return items[..count];
        }

        private static GeoPoint Between(GeoPoint from, GeoPoint to, double share) =>
            new(from.Lat + share * (to.Lat - from.Lat), from.Lon + share * (to.Lon - from.Lon));

        // Seven decimals is about 1 cm: plenty for a kerb, and it keeps the file short.
        private static GeoPoint Round(GeoPoint p) => new(Math.Round(p.Lat, 7), Math.Round(p.Lon, 7));
    }
}
