using SmartCity.Simulator.Import;

namespace SmartCity.Simulator.Tests.Import;

public sealed class CsvRowsTests
{
    private static List<CsvRecord> ReadAll(string text)
    {
        using var csv = new CsvRows(new StringReader(text));
        var records = new List<CsvRecord>();
        while (csv.ReadRecord() is { } record) records.Add(record);
        return records;
    }

    [Fact]
    public void Quoted_fields_keep_commas_line_breaks_and_doubled_quotes()
    {
        var records = ReadAll("a,b,c\n\"one, two\",\"say \"\"hi\"\"\",\"line 1\nline 2\"\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["one, two", "say \"hi\"", "line 1\nline 2"], records[1].Fields);
        Assert.Null(records[1].Malformed);
        Assert.Equal("\"one, two\",\"say \"\"hi\"\"\",\"line 1\nline 2\"", records[1].Raw);
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("a,b\r\n1,2\n3,4")]
    public void Crlf_lf_and_a_missing_or_trailing_newline_give_the_same_records(string text)
    {
        var records = ReadAll(text);

        Assert.Equal(3, records.Count);
        Assert.Equal(["3", "4"], records[2].Fields);
        Assert.Equal("3,4", records[2].Raw);
    }

    [Fact]
    public void Records_report_the_physical_line_they_start_on()
    {
        var records = ReadAll("h1,h2\r\n1,\"two\r\nlines\"\r\n3,4\r\n\r\n5,6\n");

        Assert.Equal([1, 2, 4, 5, 6], records.Select(r => r.Line));
        Assert.Equal(["two\r\nlines"], records[1].Fields.Skip(1));
        Assert.Equal([""], records[3].Fields);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_column()
    {
        var fromText = ReadAll("\uFEFFSystemCodeNumber,Capacity\nX,1\n");
        string path = ImportFiles.WriteCsv("SystemCodeNumber,Capacity\r\nX,1\r\n", byteOrderMark: true);
        using var fromFile = CsvRows.Open(path);

        Assert.Equal("SystemCodeNumber", fromText[0].Fields[0]);
        Assert.Equal("SystemCodeNumber", fromFile.ReadRecord()!.Fields[0]);
        Assert.Equal(["X", "1"], fromFile.ReadRecord()!.Fields);
        Assert.Null(fromFile.ReadRecord());
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n", "not closed")]
    [InlineData("a,b\n1,x\"y\n", "quote inside an unquoted field")]
    [InlineData("a,b\n1,\"x\"y\n", "after the closing quote")]
    public void Malformed_quoting_comes_back_with_the_record_instead_of_stopping_the_reader(string text, string expected)
    {
        var records = ReadAll(text);

        Assert.Equal(2, records.Count);
        Assert.Contains(expected, records[1].Malformed);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var header = ReadAll("SystemCodeNumber,Capacity,Occupied,LastUpdated\n")[0];

        var columns = CsvColumns.Find(header, ["SystemCodeNumber", "Capacity", "Occupancy", "LastUpdated"], out string? error);

        Assert.Null(columns);
        Assert.Contains("no column \"Occupancy\"", error);
    }
}
