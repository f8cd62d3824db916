using System.Text.Json;
using SmartCity.Simulator.Load;

namespace SmartCity.Simulator.Tests.Load;

public sealed class LoadRunTests
{
    [Fact]
    public async Task A_run_stops_by_itself_and_counts_items_and_errors()
    {
        int calls = 0;
        var result = await LoadRun.RunAsync("test", workers: 2, TimeSpan.FromMilliseconds(200), async (_, ct) =>
        {
            int n = Interlocked.Increment(ref calls);
            await Task.Delay(5, ct);
            return n % 10 == 0 ? -1 : 3;
        });

        Assert.Equal(calls, result.Requests);
        Assert.Equal(calls / 10, result.Errors);
        Assert.Equal((calls - calls / 10) * 3, result.Items);
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        Assert.Equal(calls, result.Latency.Count);
    }

    [Fact]
    public async Task An_operation_that_throws_counts_as_an_error()
    {
        var result = await LoadRun.RunAsync("failing", workers: 1, TimeSpan.FromMilliseconds(50), async (_, _) =>
        {
            await Task.Yield();
            throw new HttpRequestException("refused");
        });

        Assert.True(result.Requests > 0);
        Assert.Equal(result.Requests, result.Errors);
    }

    [Fact]
    public async Task Generated_batches_are_valid_readings_with_unique_ids()
    {
        var load = new ReadingLoad(["bay:A-1", "bay:A-2", "bay:A-3"], seed: 5);
        using var first = load.Batch(load.GeneratorFor(0), 50, DateTimeOffset.UnixEpoch);
        using var second = load.Batch(load.GeneratorFor(1), 50, DateTimeOffset.UnixEpoch);

        var readings = new[] { first, second }
            .SelectMany(content => JsonDocument.Parse(content.ReadAsStream()).RootElement.EnumerateArray().Select(e => e.Clone()))
            .ToArray();

        Assert.Equal(100, readings.Length);
        Assert.Equal(100, readings.Select(r => r.GetProperty("readingId").GetString()).Distinct().Count());
        Assert.All(readings, r =>
        {
            Assert.StartsWith("bay:A-", r.GetProperty("entityId").GetString(), StringComparison.Ordinal);
            Assert.Equal("occupancy", r.GetProperty("type").GetString());
            Assert.True(r.GetProperty("observedAt").TryGetDateTimeOffset(out _));
        });
    }
}
