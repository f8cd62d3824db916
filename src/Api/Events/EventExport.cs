using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Events;

/// <summary>
/// The event log as a file for research: the events of an event-time range as CSV (RFC 4180), Parquet,
/// or JSON Lines in the shape replay reads (docs/event-files.md). The log is read a page at a time and
/// each page is written out before the next is read, so an export of millions of events needs the
/// memory of one page (for Parquet, one row group), not of the range.
/// </summary>
public static class EventExport
{
    public const string CsvType = "text/csv";
    public const string ParquetType = "application/vnd.apache.parquet";
    public const string JsonLinesType = "application/x-ndjson";

    /// <summary>The columns, in this order and under these names, in every format.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["sequence", "type", "entityId", "districtId", "gridCellId", "eventTime", "loggedAt", "entityVersion", "data"];

    /// <summary>
    /// Events read from the log at a time. Small on purpose: a page lives while it is written out to a
    /// client that reads slower than the log is read, and pages of 10,000 outlived the young collections
    /// and piled up for a full one; exporting 4 million events took the silo to 1,428 MiB resident with
    /// pages of 10,000 and 731 MiB with pages of 1,000 (docs/soak.md).
    /// </summary>
    private const int PageSize = 1_000;

    /// <summary>Bytes gathered before they go out: few enough writes, little held.</summary>
    private const int ChunkBytes = 64 * 1024;

    private static readonly string[] Formats = ["csv", "parquet", "jsonl"];

    /// <summary>
    /// GET /api/events/export?from=&amp;to=&amp;format=csv|parquet|jsonl&amp;type=&amp;entity=: the events whose
    /// event time lies in [from, to] (either end may be left open), in log order, as a download.
    /// </summary>
    public static IResult Export(HttpContext http, IEventLog log)
    {
        var query = new QueryParameters(http.Request.Query);
        var from = query.Instant("from");
        var to = query.Instant("to");
        string format = query.Choice("format", Formats) ?? "csv";
        string? type = query.Choice("type", [EventTypes.Reading, EventTypes.Report, EventTypes.Seed]);
        string? entity = http.Request.Query["entity"].FirstOrDefault();
        if (from > to) query.Errors["to"] = ["'to' must not be before 'from'."];
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var range = new EventQuery(PageSize, string.IsNullOrEmpty(entity) ? null : entity, from, to, Type: type);
        // Up to what is logged now: a reading that arrives during a long export, with an old event time,
        // would otherwise be in the file or not by chance, and the same request could give different files.
        var ct = http.RequestAborted;
        var pages = PagesAsync(log, range, log.LastSequence, ct);
        string fileName = FileName(from, to, format);
        return format switch
        {
            "parquet" => Download(body => EventParquet.WriteAsync(body, pages, ct), ParquetType, fileName, ct),
            "jsonl" => Download(body => WriteJsonLinesAsync(body, pages, ct), JsonLinesType, fileName, ct),
            _ => Download(body => WriteCsvAsync(body, pages, ct), CsvType + "; charset=utf-8; header=present", fileName, ct),
        };
    }

    /// <summary>The range's events logged up to <paramref name="through"/>, a page at a time in log order.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<LoggedEvent>> PagesAsync(
        IEventLog log, EventQuery range, long through, [EnumeratorCancellation] CancellationToken ct)
    {
        long cursor = 0;
        while (true)
        {
            var page = await log.ReadAsync(range with { AfterSequence = cursor }, ct);
            bool last = page.Count < range.Limit || page[^1].Sequence >= through;
            if (page.Count > 0 && page[^1].Sequence > through) page = [.. page.Where(e => e.Sequence <= through)];
            if (page.Count > 0) yield return page;
            if (last) yield break;
            cursor = page[^1].Sequence;
        }
    }

    /// <summary>events-20261125T020000Z-20261125T030000Z.csv; no colons, which some file systems refuse.</summary>
    private static string FileName(DateTimeOffset? from, DateTimeOffset? to, string format)
    {
        static string Stamp(DateTimeOffset? instant, string open) =>
            instant?.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) ?? open;
        return $"events-{Stamp(from, "start")}-{Stamp(to, "end")}.{format}";
    }

    /// <summary>An attachment written as it is produced (Content-Disposition names the file).</summary>
    private static IResult Download(Func<Stream, Task> write, string contentType, string fileName, CancellationToken ct) =>
        Results.Stream(async body =>
        {
            try
            {
                await write(body);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away.
            }
        }, contentType, fileName);

    /// <summary>
    /// RFC 4180: a header record, then one record per event; fields separated by commas, records ended
    /// by CRLF; a field holding a comma, a quote, CR or LF is quoted, with its quotes doubled (§2).
    /// A null is an empty field. Times are ISO 8601 round-trip ("O") strings.
    /// </summary>
    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<IReadOnlyList<LoggedEvent>> pages, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        var csv = new CsvRecords(buffer);
        foreach (string column in Columns) csv.Field(column);
        csv.EndRecord();
        await foreach (var page in pages)
        {
            foreach (var e in page)
            {
                csv.Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
                csv.Field(e.Type);
                csv.Field(e.EntityId);
                csv.Field(e.DistrictId);
                csv.Field(e.GridCellId);
                csv.Field(e.EventTime.ToString("O", CultureInfo.InvariantCulture));
                csv.Field(e.LoggedAt.ToString("O", CultureInfo.InvariantCulture));
                csv.Field(e.EntityVersion?.ToString(CultureInfo.InvariantCulture));
                csv.Field(e.Payload);
                csv.EndRecord();
                if (buffer.WrittenCount >= ChunkBytes) await SendAsync(body, buffer, ct);
            }
        }
        await SendAsync(body, buffer, ct);
    }

    /// <summary>
    /// One event per line, each the object the history and the live feed show, with the payload as a JSON
    /// object under data: the file replay reads (docs/event-files.md). entityVersion is not part of that shape.
    /// </summary>
    private static async Task WriteJsonLinesAsync(Stream body, IAsyncEnumerable<IReadOnlyList<LoggedEvent>> pages, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer);
        await foreach (var page in pages)
        {
            foreach (var e in page)
            {
                EventViewJson.Write(json, e);
                json.Flush();
                json.Reset();
                buffer.Write("\n"u8);
                if (buffer.WrittenCount >= ChunkBytes) await SendAsync(body, buffer, ct);
            }
        }
        await SendAsync(body, buffer, ct);
    }

    private static async Task SendAsync(Stream body, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        await body.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
    }

    /// <summary>Writes RFC 4180 records, UTF-8 encoded, into a buffer.</summary>
    private sealed class CsvRecords(IBufferWriter<byte> output)
    {
        private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
        private bool _atStart = true;

        public void Field(string? value)
        {
            if (!_atStart) output.Write(","u8);
            _atStart = false;
            if (string.IsNullOrEmpty(value)) return;
            if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
            {
                Encoding.UTF8.GetBytes(value, output);
                return;
            }
            output.Write("\""u8);
            Encoding.UTF8.GetBytes(value.Replace("\"", "\"\"", StringComparison.Ordinal), output);
            output.Write("\""u8);
        }

        public void EndRecord()
        {
            output.Write("\r\n"u8);
            _atStart = true;
        }
    }
}
