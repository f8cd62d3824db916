using SmartCity.Grains.City;
using SmartCity.Simulator.Import;

namespace SmartCity.Simulator.Tests.Import;

/// <summary>Small hand-written files, each with one kind of trouble.</summary>
public sealed class ImportProblemTests
{
    private const string BirminghamHeader = "SystemCodeNumber,Capacity,Occupancy,LastUpdated";

    private static (ImportOutcome Outcome, string Directory) ImportBirmingham(string text, bool byteOrderMark = false, bool stop = false)
    {
        string directory = ImportFiles.NewDirectory();
        return (ImportFiles.Import("parking-birmingham", ImportFiles.WriteCsv(text, byteOrderMark), directory, stop), directory);
    }

    private static string Reasons(ImportOutcome outcome) =>
        string.Join(" / ", outcome.Report.Problems.Select(p => $"{p.Line}: {p.Reason}"));

    [Fact]
    public void A_file_with_a_byte_order_mark_crlf_and_quoted_codes_imports_cleanly()
    {
        var (outcome, directory) = ImportBirmingham(
            $"{BirminghamHeader}\r\n\"Bull Ring\",3053,1000,2016-10-04 08:00:00\r\n\"Bull Ring\",3053,1010,2016-10-04 08:30:00\r\n",
            byteOrderMark: true);

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Empty(outcome.Report.Problems);
        Assert.Equal(2, outcome.Report.EventsWritten);
        Assert.Equal("carpark:Bull-Ring", Assert.Single(CityFile.ReadFile(Path.Combine(directory, ImportRun.CityFileName)).CarParks).Id);
    }

    [Fact]
    public void Bad_dates_numbers_and_column_counts_are_problems_with_their_lines()
    {
        var (outcome, _) = ImportBirmingham(string.Join('\n',
            BirminghamHeader,
            "A,100,10,2016-10-04 08:00:00",
            "A,100,10,04/10/2016 08:30",
            "A,100,ten,2016-10-04 09:00:00",
            "A,100,10",
            "A,100,10,2016-10-04 09:30:00,extra",
            "",
            "A,100,10,2016-13-01 10:00:00",
            ""));

        Assert.Equal(7, outcome.Report.RowsRead);
        Assert.Equal(1, outcome.Report.EventsWritten);
        Assert.Equal(
            "3: unparsable date/time / 4: unparsable number / 5: wrong column count / 6: wrong column count / 7: wrong column count / 8: unparsable date/time",
            Reasons(outcome));
        Assert.Contains("a blank line", outcome.Report.Problems.Single(p => p.Line == 7).Detail);
    }

    [Fact]
    public void A_repeat_says_whether_its_value_differs_and_the_first_reading_is_kept()
    {
        var (outcome, directory) = ImportBirmingham(string.Join('\n',
            BirminghamHeader,
            "A,100,10,2016-10-04 08:00:00",
            "A,100,10,2016-10-04 08:00:00",
            "A,100,12,2016-10-04 08:00:00",
            "A,100,-1,2016-10-04 08:30:00",
            "A,100,101,2016-10-04 09:00:00"));

        Assert.Equal(
            $"3: {BirminghamParkingImport.RepeatSameValue} / 4: {BirminghamParkingImport.RepeatDifferentValue} / 5: negative occupancy / 6: occupancy above capacity",
            Reasons(outcome));
        Assert.Equal(10, Assert.Single(ImportFiles.ReadEvents(directory)).GetProperty("data").GetProperty("value").GetInt32());
    }

    [Fact]
    public void A_capacity_that_varies_is_noted_and_the_city_takes_the_largest()
    {
        var (outcome, directory) = ImportBirmingham(string.Join('\n',
            BirminghamHeader, "A,100,90,2016-10-04 08:00:00", "A,120,110,2016-10-04 08:30:00"));

        Assert.Empty(outcome.Report.Problems);
        Assert.Contains(outcome.Report.Notes, n => n.Contains("capacity of A varies (100, 120)", StringComparison.Ordinal));
        Assert.Equal(120, Assert.Single(CityFile.ReadFile(Path.Combine(directory, ImportRun.CityFileName)).CarParks).Capacity);
    }

    [Fact]
    public void Ambiguous_local_times_take_the_first_pass_and_skipped_ones_are_problems()
    {
        var (outcome, directory) = ImportBirmingham(string.Join('\n',
            BirminghamHeader, "A,100,10,2016-10-30 01:30:00", "A,100,10,2016-03-27 01:30:00"));

        Assert.Equal($"3: {ImportReasons.NonexistentLocalTime}", Reasons(outcome));
        Assert.Contains(outcome.Report.Notes, n => n.StartsWith("1 local time(s) fell in the hour", StringComparison.Ordinal));
        Assert.Equal("2016-10-30T01:30:00+01:00", Assert.Single(ImportFiles.ReadEvents(directory)).GetProperty("eventTime").GetString());
    }

    [Fact]
    public void A_missing_header_column_stops_the_import_naming_the_column()
    {
        string csv = ImportFiles.WriteCsv("SystemCodeNumber,Capacity,Occupied,LastUpdated\nA,100,10,2016-10-04 08:00:00\n");
        string directory = ImportFiles.NewDirectory();
        var error = new StringWriter();

        int exit = ImportCommand.Run(["parking-birmingham", csv, "--out", directory], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("no column \"Occupancy\"", error.ToString());
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Stop_mode_leaves_an_existing_output_directory_as_it_was()
    {
        string directory = ImportFiles.NewDirectory();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ImportRun.EventFileName), "earlier\n");

        var outcome = ImportFiles.Import(
            "parking-birmingham", ImportFiles.WriteCsv($"{BirminghamHeader}\nA,100,10,2016-10-04 08:00:00\nA,100,10,bad\n"), directory, stop: true);

        Assert.False(outcome.Succeeded);
        Assert.Contains("line 3", outcome.Failure);
        Assert.Equal([Path.Combine(directory, ImportRun.EventFileName)], Directory.GetFiles(directory));
        Assert.Equal("earlier\n", File.ReadAllText(Path.Combine(directory, ImportRun.EventFileName)));
    }

    [Theory]
    [InlineData(new[] { "nowhere", "x.csv", "--out", "d" }, "unknown dataset")]
    [InlineData(new[] { "boston-311", "x.csv" }, "--out DIR is required")]
    [InlineData(new[] { "boston-311", "x.csv", "--out", "d", "--on-error", "ignore" }, "skip or stop")]
    public void A_wrong_command_line_exits_with_2_and_says_why(string[] args, string expected)
    {
        var error = new StringWriter();

        Assert.Equal(2, ImportCommand.Run(args, new StringWriter(), error));
        Assert.Contains(expected, error.ToString());
    }
}
