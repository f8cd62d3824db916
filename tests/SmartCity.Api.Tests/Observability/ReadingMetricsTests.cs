using System.Net;
using System.Net.Http.Json;
using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Observability;

/// <summary>What sensors sent shows in /metrics: readings by type and outcome, and the time each batch took.</summary>
[Collection(ObservedTwin.Name)]
public sealed class ReadingMetricsTests(ObservedTwinFixture twin)
{
    private const string Readings = "smartcity_readings_total";

    [Fact]
    public async Task Accepted_and_rejected_readings_are_counted_exactly_by_type()
    {
        var halls = Enumerable.Range(0, 3).Select(_ => twin.TakeFacility(FacilityKind.ServiceHall)).ToArray();
        var before = await twin.BaselineAsync();

        using var response = await twin.Http.PostAsJsonAsync("/api/readings", new[]
        {
            TwinFixture.Reading(halls[0].Id, "queueLength", 4, ObservedTwinFixture.SecondsAgo(3)),
            TwinFixture.Reading(halls[1].Id, "queueLength", 0, ObservedTwinFixture.SecondsAgo(3)),
            TwinFixture.Reading(halls[2].Id, "queueLength", 12, ObservedTwinFixture.SecondsAgo(3)),
            TwinFixture.Reading(halls[0].Id, "queueLength", -1, ObservedTwinFixture.SecondsAgo(2)),
            TwinFixture.Reading(halls[1].Id, "queueLength", "many", ObservedTwinFixture.SecondsAgo(2)),
            TwinFixture.Reading(halls[2].Id, "humidity", 40, ObservedTwinFixture.SecondsAgo(2)),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var after = await twin.ScrapeUntilAsync(s => Change(before, s, "queueLength", "accepted") >= 3);
        Assert.Equal(3, Change(before, after, "queueLength", "accepted"));
        Assert.Equal(2, Change(before, after, "queueLength", "rejected"));
        // A type the twin does not know is counted, under a label that cannot grow without bound.
        Assert.Equal(1, Change(before, after, "other", "rejected"));
        Assert.False(after.Has(Readings, ("type", "humidity")));
        Assert.Equal(0, Change(before, after, "occupancy", "accepted"));
    }

    [Fact]
    public async Task Every_readings_batch_is_timed_also_one_refused_whole()
    {
        var hall = twin.TakeFacility(FacilityKind.ServiceHall);
        const string Count = "smartcity_readings_ingest_duration_seconds_count";
        var before = await twin.BaselineAsync();

        await twin.ApplyAsync(TwinFixture.Reading(hall.Id, "queueLength", 2, ObservedTwinFixture.SecondsAgo(1)));
        using var refused = await twin.Http.PostAsJsonAsync("/api/readings", new[] { TwinFixture.Reading(hall.Id, "queueLength", -5, ObservedTwinFixture.SecondsAgo(1)) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var after = await twin.ScrapeUntilAsync(s => s.Value(Count) - before.Value(Count) >= 2);
        Assert.Equal(2, after.Value(Count) - before.Value(Count));
        Assert.True(after.Value("smartcity_readings_ingest_duration_seconds_sum") > before.Value("smartcity_readings_ingest_duration_seconds_sum"));
        Assert.Equal(after.Value(Count), after.Value("smartcity_readings_ingest_duration_seconds_bucket", ("le", "+Inf")));
    }

    private static double Change(MetricsScrape before, MetricsScrape after, string type, string outcome) =>
        after.Value(Readings, ("type", type), ("outcome", outcome)) - before.Value(Readings, ("type", type), ("outcome", outcome));
}
