using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using SmartCity.Api.Events;
using SmartCity.Api.Tests.Reports;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Tests.Events;

/// <summary>A researcher downloads an event-time range of the log as CSV, Parquet or JSON Lines.</summary>
[Collection(SharedTwin.Name)]
public sealed class EventExportTests(TwinFixture twin)
{
    /// <summary>One exported row; data is the payload JSON, compared by content rather than by its escaping.</summary>
    private sealed record Row(
        long Sequence, string Type, string EntityId, string? DistrictId, string? GridCellId,
        DateTimeOffset EventTime, DateTimeOffset LoggedAt, int? EntityVersion, string Data);

    private static readonly string[] Header =
        ["sequence", "type", "entityId", "districtId", "gridCellId", "eventTime", "loggedAt", "entityVersion", "data"];

    private string Range(TimeSpan from, TimeSpan to) =>
        $"from={Uri.EscapeDataString(twin.Stamp(from))}&to={Uri.EscapeDataString(twin.Stamp(to))}";

    private string AroundNow => Range(TimeSpan.FromHours(-6), TimeSpan.FromHours(1));

    private async Task<HttpResponseMessage> ExportAsync(string query)
    {
        var response = await twin.Http.GetAsync($"/api/events/export?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return response;
    }

    private async Task<List<Row>> HistoryAsync(string entityId)
    {
        var history = await twin.GetAsync($"/api/history/{Uri.EscapeDataString(entityId)}?limit=1000");
        return
        [
            .. history.EnumerateArray().Select(e => new Row(
                e.GetProperty("sequence").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("entityId").GetString()!,
                e.GetProperty("districtId").GetString(), e.GetProperty("gridCellId").GetString(),
                e.GetProperty("eventTime").GetDateTimeOffset(), e.GetProperty("loggedAt").GetDateTimeOffset(),
                e.GetProperty("data").TryGetProperty("step", out var step) ? step.GetInt32() : null,
                Canonical(e.GetProperty("data").GetRawText()))),
        ];
    }

    /// <summary>A bay with three readings and a report with a note full of commas, quotes and Chinese; returns both ids.</summary>
    private async Task<(string BayId, string ReportId)> SomeEventsAsync()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync(
            TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(30)),
            TwinFixture.Reading(bay.Id, "occupancy", false, twin.SecondsAgo(20)),
            TwinFixture.Reading(bay.Id, "occupancy", true, twin.SecondsAgo(10)));
        var cell = twin.TakeReportCell();
        string reportId = await twin.FileIdAsync(cell);
        await twin.AcknowledgeAsync(reportId, cell.OfficialId, "On it, \"today\", 马上处理.\nCrew sent.");
        return (bay.Id, $"report:{reportId}");
    }

    [Fact]
    public async Task Csv_export_has_a_header_and_the_rows_history_shows()
    {
        var (bayId, reportId) = await SomeEventsAsync();

        foreach (string entityId in new[] { bayId, reportId })
        {
            using var response = await ExportAsync($"{AroundNow}&entity={Uri.EscapeDataString(entityId)}");
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            var records = ParseCsv(await response.Content.ReadAsStringAsync());

            Assert.Equal(Header, records[0]);
            Assert.Equal(await HistoryAsync(entityId), records.Skip(1).Select(CsvRow));
        }
    }

    [Fact]
    public async Task Csv_payload_with_commas_and_quotes_is_quoted_as_RFC_4180_says()
    {
        var (_, reportId) = await SomeEventsAsync();

        using var response = await ExportAsync($"{AroundNow}&entity={Uri.EscapeDataString(reportId)}&type=report");
        string text = await response.Content.ReadAsStringAsync();

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal("sequence,type,entityId,districtId,gridCellId,eventTime,loggedAt,entityVersion,data\r\n", text[..(text.IndexOf('\n', StringComparison.Ordinal) + 1)]);
        Assert.Contains("\"{\"\"reportId\"\":", text, StringComparison.Ordinal);
        Assert.Contains("马上处理", text, StringComparison.Ordinal);
        var note = JsonNode.Parse(ParseCsv(text)[2][8])!;
        Assert.Equal("On it, \"today\", 马上处理.\nCrew sent.", note["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Range_includes_events_at_both_ends_and_leaves_out_those_outside_it()
    {
        var bay = twin.TakeBay();
        await twin.ApplyAsync([.. Enumerable.Range(0, 5).Select(n => TwinFixture.Reading(bay.Id, "occupancy", n % 2 == 0, twin.Stamp(TimeSpan.FromMinutes(n - 10))))]);

        using var response = await ExportAsync($"{Range(TimeSpan.FromMinutes(-9), TimeSpan.FromMinutes(-7))}&entity={bay.Id}");
        var rows = ParseCsv(await response.Content.ReadAsStringAsync()).Skip(1).Select(CsvRow);

        Assert.Equal(new[] { -9, -8, -7 }.Select(m => twin.Now.AddMinutes(m)), rows.Select(r => r.EventTime));
        var name = response.Content.Headers.ContentDisposition!;
        Assert.Equal(
            $"events-{twin.Now.AddMinutes(-9).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{twin.Now.AddMinutes(-7).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv",
            name.FileNameStar ?? name.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Parquet_export_holds_the_same_rows_and_values_with_times_as_utc_timestamps()
    {
        var (bayId, reportId) = await SomeEventsAsync();

        foreach (string entityId in new[] { bayId, reportId })
        {
            using var response = await ExportAsync($"{AroundNow}&entity={Uri.EscapeDataString(entityId)}&format=parquet");
            Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
            var (schema, rows) = await ReadParquetAsync(await response.Content.ReadAsByteArrayAsync());

            Assert.Equal(Header, schema.DataFields.Select(f => f.Name));
            var eventTime = Assert.IsType<DateTimeDataField>(schema.DataFields[5]);
            Assert.True(eventTime.IsAdjustedToUTC);
            Assert.Equal(DateTimeTimeUnit.Micros, eventTime.Unit);
            // Parquet keeps microseconds; the log's clock ticks in tenths of them.
            var expected = (await HistoryAsync(entityId)).Select(r => r with { EventTime = ToMicros(r.EventTime), LoggedAt = ToMicros(r.LoggedAt) });
            Assert.Equal(expected, rows);
        }
    }

    [Fact]
    public async Task Jsonl_export_is_one_event_per_line_in_the_shape_replay_reads()
    {
        var (_, reportId) = await SomeEventsAsync();

        using var response = await ExportAsync($"{AroundNow}&entity={Uri.EscapeDataString(reportId)}&format=jsonl");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var history = await HistoryAsync(reportId);
        Assert.Equal(history.Count, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Equal(Header.Where(h => h != "entityVersion"), line.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Object, line.GetProperty("data").ValueKind);
            Assert.True(line.GetProperty("eventTime").GetString()!.EndsWith("+00:00", StringComparison.Ordinal), "eventTime carries its offset");
        });
        Assert.Equal(history, lines.Select(l => new Row(
            l.GetProperty("sequence").GetInt64(), l.GetProperty("type").GetString()!, l.GetProperty("entityId").GetString()!,
            l.GetProperty("districtId").GetString(), l.GetProperty("gridCellId").GetString(),
            l.GetProperty("eventTime").GetDateTimeOffset(), l.GetProperty("loggedAt").GetDateTimeOffset(),
            l.GetProperty("data").GetProperty("step").GetInt32(), Canonical(l.GetProperty("data").GetRawText()))));
    }

    [Fact]
    public async Task Export_longer_than_a_page_of_the_log_has_every_event_once_in_log_order()
    {
        var bay = twin.TakeBay();
        // Two batches of 5,001: the export reads the log 10,000 events at a time.
        for (int batch = 0; batch < 2; batch++)
        {
            await twin.ApplyAsync([.. Enumerable.Range(batch * 5_001, 5_001).Select(n =>
                TwinFixture.Reading(bay.Id, "occupancy", n % 2 == 0, twin.Stamp(TimeSpan.FromSeconds(n - 20_000))))]);
        }

        using var response = await ExportAsync($"{AroundNow}&entity={bay.Id}&format=jsonl");
        var sequences = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n')
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).ToList();

        Assert.Equal(10_002, sequences.Count);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task Parquet_export_is_written_in_row_groups_of_at_most_fifty_thousand_events()
    {
        var start = TwinFixture.Start;
        var events = Enumerable.Range(1, 120_001).Select(n => new LoggedEvent(
            n, EventTypes.Reading, $"bay:{n % 7}", n % 3 == 0 ? null : "district:XH", null,
            start.AddSeconds(n), start.AddSeconds(n + 1), "{\"value\":1}", n % 2 == 0 ? n : null)).Chunk(10_000);
        using var file = new MemoryStream();

        await EventParquet.WriteAsync(file, ToAsync(events), CancellationToken.None);

        file.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(file);
        Assert.Equal(new long[] { 50_000, 50_000, 20_001 }, Enumerable.Range(0, reader.RowGroupCount).Select(g => reader.OpenRowGroupReader(g).RowCount));
        var (_, rows) = await ReadParquetAsync(file.ToArray());
        Assert.Equal(Enumerable.Range(1, 120_001).Select(n => (long)n), rows.Select(r => r.Sequence));
        Assert.Equal((int?)120_000, rows[^2].EntityVersion);
        Assert.Null(rows[^1].EntityVersion);
        Assert.Null(rows[2].DistrictId);
        Assert.Equal(start.AddSeconds(120_001), rows[^1].EventTime);
    }

    [Fact]
    public async Task Empty_range_gives_the_header_alone_or_a_file_without_rows()
    {
        string range = "from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00%2B08:00";

        using var csv = await ExportAsync(range);
        using var parquet = await ExportAsync($"{range}&format=parquet");
        using var jsonl = await ExportAsync($"{range}&format=jsonl");

        Assert.Equal(string.Join(",", Header) + "\r\n", await csv.Content.ReadAsStringAsync());
        var (schema, rows) = await ReadParquetAsync(await parquet.Content.ReadAsByteArrayAsync());
        Assert.Equal(Header, schema.DataFields.Select(f => f.Name));
        Assert.Empty(rows);
        Assert.Equal("", await jsonl.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("from=2026-11-25T10:00:00", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-25T10:00:00Z&to=2026-11-25T09:59:59Z", "to")]
    [InlineData("type=weather", "type")]
    [InlineData("format=CSV&type=reading", "format")]
    public async Task Bad_export_request_is_refused_naming_the_parameter(string query, string field)
    {
        using var response = await twin.Http.GetAsync($"/api/events/export?{query}");

        await ProblemAssert.NamesFieldsAsync(response, field);
    }

    private static Row CsvRow(string[] fields)
    {
        Assert.Equal(Header.Length, fields.Length);
        return new Row(
            long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], fields[2], NullIfEmpty(fields[3]), NullIfEmpty(fields[4]),
            DateTimeOffset.ParseExact(fields[5], "O", CultureInfo.InvariantCulture), DateTimeOffset.ParseExact(fields[6], "O", CultureInfo.InvariantCulture),
            fields[7].Length == 0 ? null : int.Parse(fields[7], CultureInfo.InvariantCulture), Canonical(fields[8]));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString();

    private static DateTimeOffset ToMicros(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));

    /// <summary>Parses RFC 4180 text: every record ends in CRLF, a quoted field may hold anything, "" is a quote.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, "A quote inside an unquoted field.");
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add([.. record]);
                record.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', "A line break outside quotes that does not end a record.");
                field.Append(c);
            }
        }
        Assert.False(quoted, "The text ends inside a quoted field.");
        Assert.True(record.Count == 0 && field.Length == 0, "The last record does not end in CRLF.");
        return records;
    }

    private static async Task<(ParquetSchema Schema, List<Row> Rows)> ReadParquetAsync(byte[] file)
    {
        using var stream = new MemoryStream(file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.DataFields;
        var rows = new List<Row>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            int count = (int)group.RowCount;
            var sequence = new long[count];
            await group.ReadAsync(fields[0], sequence.AsMemory());
            var text = new string?[5][];
            foreach (var (column, at) in new[] { (1, 0), (2, 1), (3, 2), (4, 3), (8, 4) })
            {
                text[at] = new string?[count];
                await group.ReadAsync(fields[column], text[at].AsMemory());
            }
            var eventTime = new DateTime[count];
            await group.ReadAsync(fields[5], eventTime.AsMemory());
            var loggedAt = new DateTime[count];
            await group.ReadAsync(fields[6], loggedAt.AsMemory());
            var version = new int?[count];
            await group.ReadAsync<int>(fields[7], version.AsMemory());
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(DateTimeKind.Utc, eventTime[i].Kind);
                rows.Add(new Row(sequence[i], text[0][i]!, text[1][i]!, text[2][i], text[3][i],
                    new DateTimeOffset(eventTime[i]), new DateTimeOffset(loggedAt[i]), version[i], Canonical(text[4][i]!)));
            }
        }
        return (reader.Schema, rows);
    }

    private static async IAsyncEnumerable<IReadOnlyList<LoggedEvent>> ToAsync(IEnumerable<LoggedEvent[]> pages)
    {
        foreach (var page in pages)
        {
            await Task.Yield();
            yield return page;
        }
    }
}
