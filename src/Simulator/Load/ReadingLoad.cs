using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace SmartCity.Simulator.Load;

/// <summary>
/// Builds random but valid bay-occupancy batches for POST /api/readings. Each worker has its own
/// seeded generator and its own reading-id sequence, so runs are repeatable and ids never repeat.
/// </summary>
public sealed class ReadingLoad(IReadOnlyList<string> bayIds, int seed)
{
    private long _sequence;

    public Random GeneratorFor(int worker) => new(seed + worker * 7919);

    public ByteArrayContent Batch(Random random, int size, DateTimeOffset observedAt)
    {
        var json = new StringBuilder(size * 130);
        json.Append('[');
        for (int i = 0; i < size; i++)
        {
            if (i > 0) json.Append(',');
            AppendReading(json, bayIds[random.Next(bayIds.Count)], random.Next(2) == 1, observedAt);
        }
        json.Append(']');
        return Content(json);
    }

    public ByteArrayContent OneReading(string bayId, bool occupied, DateTimeOffset observedAt)
    {
        var json = new StringBuilder(160);
        AppendReading(json, bayId, occupied, observedAt);
        return Content(json);
    }

    private void AppendReading(StringBuilder json, string bayId, bool occupied, DateTimeOffset observedAt)
    {
        long id = Interlocked.Increment(ref _sequence);
        json.Append(CultureInfo.InvariantCulture,
            $"{{\"readingId\":\"load-{seed}-{id}\",\"entityId\":\"{bayId}\",\"type\":\"occupancy\",\"value\":{(occupied ? "true" : "false")},\"observedAt\":\"{observedAt.AddTicks(id):O}\"}}");
    }

    private static ByteArrayContent Content(StringBuilder json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
