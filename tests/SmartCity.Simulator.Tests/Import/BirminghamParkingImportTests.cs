using System.Globalization;
using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Simulator.Import;

namespace SmartCity.Simulator.Tests.Import;

/// <summary>Imports the real Parking Birmingham file once for the tests that only read what it wrote.</summary>
public sealed class BirminghamImportFixture() : ImportedDataset("parking-birmingham", ImportFiles.BirminghamCsv);

public sealed class BirminghamParkingImportTests(BirminghamImportFixture import) : IClassFixture<BirminghamImportFixture>
{
    /// <summary>The raw file split by hand (it has no quoted fields): code, capacity, occupancy, time, per data line.</summary>
    private static readonly (int Line, string Code, int Capacity, int Occupancy, string Time)[] RawRows = ReadRaw();

    private static (int, string, int, int, string)[] ReadRaw()
    {
        string[] lines = File.ReadAllText(ImportFiles.BirminghamCsv).Split('\n');
        Assert.DoesNotContain(lines, line => line.Contains('"', StringComparison.Ordinal));
        return [.. lines.Skip(1).Select((text, i) => (text, line: i + 2)).Where(l => l.text.Length > 0).Select(l =>
        {
            string[] f = l.text.Split(',');
            return (l.line, f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3]);
        })];
    }

    [Fact]
    public void All_rows_are_read_and_the_known_quirks_are_reported_with_their_exact_counts()
    {
        var aboveCapacity = RawRows.Where(r => r.Occupancy > r.Capacity).Select(r => r.Line).ToHashSet();
        var negative = RawRows.Where(r => r.Occupancy < 0).Select(r => r.Line).ToHashSet();
        var repeated = RawRows.GroupBy(r => (r.Code, r.Time)).SelectMany(g => g.Skip(1)).Select(r => r.Line).ToHashSet();
        var report = import.Outcome.Report;
        var counts = report.CountsByReason().ToDictionary(c => c.Reason, c => c.Count);

        Assert.True(import.Outcome.Succeeded);
        Assert.Equal(35_717, RawRows.Length);
        Assert.Equal(35_717, report.RowsRead);
        Assert.Equal((373, 12, 216), (aboveCapacity.Count, negative.Count, repeated.Count));
        Assert.Equal(aboveCapacity.Count, counts[BirminghamParkingImport.AboveCapacity]);
        Assert.Equal(negative.Count, counts[BirminghamParkingImport.NegativeOccupancy]);
        Assert.Equal(repeated.Count, counts[BirminghamParkingImport.RepeatSameValue]);
        Assert.False(counts.ContainsKey(BirminghamParkingImport.RepeatDifferentValue));
        Assert.Equal(aboveCapacity.Union(negative).Union(repeated).Order(), report.Problems.Select(p => p.Line).Distinct().Order());
        Assert.Equal(35_717 - report.RowsSkipped, report.EventsWritten);
        Assert.Equal(report.EventsWritten, import.Events.Count);
    }

    [Fact]
    public void Every_problem_is_in_problems_csv_with_its_line()
    {
        string[] lines = File.ReadAllLines(Path.Combine(import.Directory, ImportRun.ProblemFileName));

        Assert.Equal("line,reason,detail,row", lines[0]);
        Assert.Equal(import.Outcome.Report.Problems.Count, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("399,\"repeated (car park, time) with the same occupancy\"", StringComparison.Ordinal)
            && l.EndsWith("\"BHMBCCMKT01,577,57,2016-10-28 08:16:41\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_city_loads_and_validates_with_one_car_park_per_code_and_the_data_capacity()
    {
        var capacities = RawRows.GroupBy(r => r.Code).ToDictionary(g => BirminghamParkingImport.IdFor(g.Key), g => g.Max(r => r.Capacity));

        Assert.Equal(30, import.City.CarParks.Count);
        Assert.Equal(capacities.OrderBy(c => c.Key), import.City.CarParks.ToDictionary(c => c.Id, c => c.Capacity).OrderBy(c => c.Key));
        Assert.Equal("Birmingham (Parking Birmingham import)", import.City.Name);
        Assert.Equal("Europe/London", import.City.TimeZoneId);
        Assert.Empty(CityValidator.Validate(import.City));
        Assert.All(import.City.GridCells, cell => Assert.NotNull(import.City.Officials.Single(o => o.Id == cell.OfficialId).SupervisorId));
    }

    [Theory]
    [InlineData("Bull Ring", "carpark:Bull-Ring")]
    [InlineData("Others-CCCPS133", "carpark:Others-CCCPS133")]
    [InlineData("NIA Car Parks", "carpark:NIA-Car-Parks")]
    public void Car_park_ids_keep_to_the_id_alphabet(string code, string id)
    {
        Assert.Equal(id, BirminghamParkingImport.IdFor(code));
        Assert.Contains(import.City.CarParks, c => c.Id == id && c.Name == code);
    }

    [Fact]
    public void Every_event_is_a_count_reading_of_a_car_park_in_the_city_within_its_capacity()
    {
        var map = new CityMap(import.City);

        Assert.All(import.Events, e =>
        {
            Assert.Equal(["type", "entityId", "eventTime", "data"], e.EnumerateObject().Select(p => p.Name));
            Assert.Equal("reading", e.GetProperty("type").GetString());
            string entityId = e.GetProperty("entityId").GetString()!;
            Assert.Equal(EntityKind.CarPark, map.KindOf(entityId));
            var data = e.GetProperty("data");
            Assert.Equal("count", data.GetProperty("type").GetString());
            Assert.InRange(data.GetProperty("value").GetInt32(), 0, map.CarPark(entityId)!.Capacity);
            Assert.Equal(e.GetProperty("eventTime").GetString(), data.GetProperty("observedAt").GetString());
        });
        Assert.Equal(import.Events.Count, import.Events.Select(e => e.GetProperty("data").GetProperty("readingId").GetString()).Distinct().Count());
    }

    [Fact]
    public void Events_are_in_time_order_and_carry_the_UK_offset_of_their_day()
    {
        var times = import.Events.Select(e => e.GetProperty("eventTime").GetDateTimeOffset()).ToArray();

        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First <= pair.Second));
        // British Summer Time ended at 01:00 UTC on 30 October 2016.
        Assert.Contains(import.Events, e => e.GetProperty("eventTime").GetString() == "2016-10-04T07:59:42+01:00"
            && e.GetProperty("entityId").GetString() == "carpark:BHMBCCMKT01"
            && e.GetProperty("data").GetProperty("readingId").GetString() == "BHMBCCMKT01@20161004T075942");
        Assert.All(times, t => Assert.Equal(t < new DateTimeOffset(2016, 10, 30, 1, 0, 0, TimeSpan.Zero) ? TimeSpan.FromHours(1) : TimeSpan.Zero, t.Offset));
    }

    [Fact]
    public void Stop_mode_names_the_first_problem_line_and_writes_nothing()
    {
        string directory = ImportFiles.NewDirectory();
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = ImportCommand.Run(
            ["parking-birmingham", ImportFiles.BirminghamCsv, "--out", directory, "--on-error", "stop"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("line 399: repeated (car park, time) with the same occupancy", error.ToString());
        Assert.False(Directory.Exists(directory));
    }
}
