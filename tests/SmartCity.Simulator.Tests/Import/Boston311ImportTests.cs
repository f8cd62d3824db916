using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;
using SmartCity.Simulator.Import;

namespace SmartCity.Simulator.Tests.Import;

/// <summary>Imports the real Boston 311 sample once for the tests that only read what it wrote.</summary>
public sealed class BostonImportFixture() : ImportedDataset("boston-311", ImportFiles.BostonCsv);

public sealed class Boston311ImportTests(BostonImportFixture import) : IClassFixture<BostonImportFixture>
{
    private const string Header =
        "case_enquiry_id,open_dt,closed_dt,case_status,closure_reason,case_title,reason,type,neighborhood,latitude,longitude";

    /// <summary>Case id and status of every data row, read with the tested CSV reader (one title is quoted).</summary>
    private static readonly Dictionary<string, string> StatusByCase = ReadStatuses();

    private static Dictionary<string, string> ReadStatuses()
    {
        using var csv = CsvRows.Open(ImportFiles.BostonCsv);
        var header = csv.ReadRecord()!.Fields.ToList();
        var statuses = new Dictionary<string, string>();
        while (csv.ReadRecord() is { } row) statuses.Add(row.Fields[header.IndexOf("case_enquiry_id")], row.Fields[header.IndexOf("case_status")]);
        return statuses;
    }

    private static readonly string[] StepKinds = ["submitted", "resolved"];

    private static IEnumerable<JsonElement> Steps(IEnumerable<JsonElement> events, string kind) =>
        events.Where(e => e.GetProperty("data").GetProperty("kind").GetString() == kind);

    [Fact]
    public void All_100_rows_are_read_and_the_19_unknown_locations_are_problems()
    {
        int defaultPointLines = File.ReadAllLines(ImportFiles.BostonCsv).Count(l => l.Contains(",42.3594,-71.0587,", StringComparison.Ordinal));
        var report = import.Outcome.Report;

        Assert.True(import.Outcome.Succeeded);
        Assert.Equal(100, report.RowsRead);
        Assert.Equal(19, defaultPointLines);
        Assert.Equal(19, report.Problems.Count(p => p.Reason == Boston311Import.UnknownLocation));
        Assert.Equal(100 - report.RowsSkipped, Steps(import.Events, "submitted").Count());
        Assert.Equal(report.EventsWritten, import.Events.Count);
    }

    [Fact]
    public void Closed_cases_are_resolved_and_open_ones_stay_submitted()
    {
        var written = Steps(import.Events, "submitted").Select(e => e.GetProperty("data").GetProperty("reportId").GetString()!["boston-".Length..]).ToList();
        var resolved = Steps(import.Events, "resolved").Select(e => e.GetProperty("data").GetProperty("reportId").GetString()!["boston-".Length..]).ToList();

        Assert.Equal(85, StatusByCase.Values.Count(s => s == "Closed"));
        Assert.Equal(15, StatusByCase.Values.Count(s => s == "Open"));
        Assert.Equal(written.Where(id => StatusByCase[id] == "Closed").Order(), resolved.Order());
        Assert.Equal(written.Count + resolved.Count, import.Events.Count);
    }

    [Fact]
    public void Every_report_lies_in_a_grid_cell_and_has_a_category_of_the_twin()
    {
        var map = new CityMap(import.City);

        Assert.Empty(CityValidator.Validate(import.City));
        Assert.Equal("America/New_York", import.City.TimeZoneId);
        Assert.All(Steps(import.Events, "submitted"), e =>
        {
            var data = e.GetProperty("data");
            var location = data.GetProperty("location");
            Assert.NotNull(map.GridCellContaining(new GeoPoint(location.GetProperty("lat").GetDouble(), location.GetProperty("lon").GetDouble())));
            Assert.NotNull(ReportCatalog.Default.Category(data.GetProperty("category").GetString()!));
            Assert.Equal("citizen", data.GetProperty("actor").GetString());
            Assert.Equal("", data.GetProperty("text").GetString());
            Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("description").GetString()));
        });
        Assert.All(Boston311Categories.ByType.Values.Concat(Boston311Categories.ByReason.Values), c => Assert.NotNull(ReportCatalog.Default.Category(c)));
    }

    [Fact]
    public void Steps_are_numbered_in_order_in_event_time_order_with_the_Boston_offset_of_their_day()
    {
        var times = import.Events.Select(e => e.GetProperty("eventTime").GetDateTimeOffset()).ToArray();

        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First <= pair.Second));
        // Eastern Daylight Time began at 07:00 UTC on 13 March 2022; one sample case closed in April.
        var daylightFrom = new DateTimeOffset(2022, 3, 13, 7, 0, 0, TimeSpan.Zero);
        Assert.All(times, t => Assert.Equal(TimeSpan.FromHours(t < daylightFrom ? -5 : -4), t.Offset));
        Assert.Contains(times, t => t.Offset == TimeSpan.FromHours(-4));
        foreach (var report in import.Events.GroupBy(e => e.GetProperty("entityId").GetString()))
        {
            Assert.Equal(StepKinds.Take(report.Count()), report.Select(e => e.GetProperty("data").GetProperty("kind").GetString()));
            Assert.Equal(Enumerable.Range(1, report.Count()), report.Select(e => e.GetProperty("data").GetProperty("step").GetInt32()));
            Assert.StartsWith("report:boston-", report.Key);
        }
        Assert.Contains(import.Events, e => e.GetProperty("entityId").GetString() == "report:boston-101004113385"
            && e.GetProperty("eventTime").GetString() == "2022-01-01T09:17:38-05:00");
    }

    [Fact]
    public void Closed_before_opened_unknown_types_and_quoted_titles_are_handled_per_row()
    {
        string directory = ImportFiles.NewDirectory();
        string csv = ImportFiles.WriteCsv(string.Join("\r\n",
            Header,
            "1,2022-01-02 10:00:00,2022-01-01 09:00:00,Closed,Done,Pothole,Highway Maintenance,Request for Pothole Repair,Dorchester,42.30,-71.06",
            "2,2022-01-02 10:00:00,,Open, ,Hello,Employee & General Comments,General Comments For a Program or Policy,Dorchester,42.30,-71.06",
            "3,2022-01-02 10:00:00,,Open, ,\"Graffiti: \"\"tag\"\", Ward 8\",Graffiti,Graffiti Removal,Roxbury,42.33,-71.08",
            "4,2022-01-02 10:00:00,2022-01-02 11:00:00,Open, ,X,Graffiti,Graffiti Removal,Roxbury,42.33,-71.08",
            "5,2022-01-02 10:00:00,,Pending, ,X,Graffiti,Graffiti Removal,Roxbury,,",
            "3,2022-01-03 10:00:00,,Open, ,X,Graffiti,Graffiti Removal,Roxbury,42.33,-71.08",
            ""));

        var outcome = ImportFiles.Import("boston-311", csv, directory);

        Assert.Equal(
            $"2: {Boston311Import.ClosedBeforeOpened} / 3: {Boston311Import.NoCategory} / 5: {Boston311Import.OpenWithCloseTime} / "
            + $"6: {Boston311Import.UnknownStatus} / 6: {Boston311Import.NoLocation} / 7: {Boston311Import.RepeatedCaseId}",
            string.Join(" / ", outcome.Report.Problems.Select(p => $"{p.Line}: {p.Reason}")));
        var submitted = Assert.Single(ImportFiles.ReadEvents(directory)).GetProperty("data");
        Assert.Equal("Graffiti: \"tag\", Ward 8 (Graffiti Removal)", submitted.GetProperty("description").GetString());
        Assert.Equal("illegal-advertising", submitted.GetProperty("category").GetString());
    }
}
