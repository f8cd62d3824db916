using Parquet;
using Parquet.Schema;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Events;

/// <summary>
/// The Parquet form of an event export (https://parquet.apache.org/docs/file-format/): the columns of
/// <see cref="EventExport.Columns"/>, times as UTC timestamps in microseconds, one row group per up to
/// <see cref="RowGroupRows"/> events.
/// </summary>
public static class EventParquet
{
    /// <summary>Rows per row group: large enough for columnar compression to pay, small enough to hold.</summary>
    public const int RowGroupRows = 50_000;

    public static readonly DataField<long> Sequence = new("sequence", false);
    public static readonly DataField<string> Type = new("type", false);
    public static readonly DataField<string> EntityId = new("entityId", false);
    public static readonly DataField<string> DistrictId = new("districtId", true);
    public static readonly DataField<string> GridCellId = new("gridCellId", true);
    public static readonly DateTimeDataField EventTime = new("eventTime", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
    public static readonly DateTimeDataField LoggedAt = new("loggedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
    public static readonly DataField<int?> EntityVersion = new("entityVersion", true);
    public static readonly DataField<string> Data = new("data", false);

    public static readonly ParquetSchema Schema = new(Sequence, Type, EntityId, DistrictId, GridCellId, EventTime, LoggedAt, EntityVersion, Data);

    /// <summary>
    /// Writes the pages as one Parquet file. Each row group goes out to <paramref name="body"/> as soon
    /// as it is encoded, so only one row group is ever held.
    /// </summary>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<IReadOnlyList<LoggedEvent>> pages, CancellationToken ct)
    {
        using var output = new RowGroupOutput();
        var rows = new List<LoggedEvent>(RowGroupRows);
        await using (var writer = await ParquetWriter.CreateAsync(Schema, output, cancellationToken: ct))
        {
            await foreach (var page in pages)
            {
                foreach (var e in page)
                {
                    rows.Add(e);
                    if (rows.Count < RowGroupRows) continue;
                    await WriteRowGroupAsync(writer, rows, ct);
                    rows.Clear();
                    await output.SendAsync(body, ct);
                }
            }
            if (rows.Count > 0) await WriteRowGroupAsync(writer, rows, ct);
        }
        // Disposing the writer wrote the footer: the file's schema and where each row group starts.
        await output.SendAsync(body, ct);
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, List<LoggedEvent> rows, CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Sequence, Values(rows, e => e.Sequence), cancellationToken: ct);
        await group.WriteAsync(Type, Strings(rows, e => e.Type));
        await group.WriteAsync(EntityId, Strings(rows, e => e.EntityId));
        await group.WriteAsync(DistrictId, Strings(rows, e => e.DistrictId));
        await group.WriteAsync(GridCellId, Strings(rows, e => e.GridCellId));
        await group.WriteAsync(EventTime, Values(rows, e => e.EventTime.UtcDateTime), cancellationToken: ct);
        await group.WriteAsync(LoggedAt, Values(rows, e => e.LoggedAt.UtcDateTime), cancellationToken: ct);
        await group.WriteAsync<int>(EntityVersion, Values(rows, e => e.EntityVersion), cancellationToken: ct);
        await group.WriteAsync(Data, Strings(rows, e => e.Payload));
        group.CompleteValidate();
    }

    private static ReadOnlyMemory<T> Values<T>(List<LoggedEvent> rows, Func<LoggedEvent, T> value) => rows.Select(value).ToArray();

    private static string?[] Strings(List<LoggedEvent> rows, Func<LoggedEvent, string?> value) => [.. rows.Select(value)];

    /// <summary>
    /// Where the Parquet writer writes: it only appends and asks its position (the footer records the
    /// offset of every column chunk), never seeks back, so a file can go out to the response a row group
    /// at a time instead of through a temporary file. A writer that seeks fails here at once (CanSeek is false).
    /// </summary>
    private sealed class RowGroupOutput : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _sent;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _sent + _pending.Length;

        public override long Position
        {
            get => Length;
            set => throw new NotSupportedException("The export is written front to back.");
        }

        /// <summary>Hands on what was written since the last call.</summary>
        public async Task SendAsync(Stream body, CancellationToken ct)
        {
            if (_pending.Length == 0) return;
            await body.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _sent += _pending.Length;
            _pending.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _pending.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _pending.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        // Nothing to flush: what is pending goes out in SendAsync, between row groups.
        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The export is written front to back.");

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _pending.Dispose();
            base.Dispose(disposing);
        }
    }
}
