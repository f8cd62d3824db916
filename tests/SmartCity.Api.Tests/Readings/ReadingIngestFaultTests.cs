using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartCity.Api.Readings;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Readings;

namespace SmartCity.Api.Tests.Readings;

/// <summary>
/// The event log fails (storage out) while a batch is applied, then comes back: every reading must end
/// up applied once and logged once, whether the client's retry or the background retry logs it.
/// </summary>
[Collection(SharedTwin.Name)]
public sealed class ReadingIngestFaultTests(TwinFixture twin)
{
    private readonly FailingEventLog _log = new(twin.Services.GetRequiredService<IEventLog>());
    private readonly UnloggedReadings _unlogged = new(Options.Create(new IngestOptions()));

    private ReadingIngest NewIngest() => new(
        twin.Services.GetRequiredService<IGrainFactory>(), twin.City, _log,
        new IngestAdmission(Options.Create(new IngestOptions())), _unlogged);

    [Fact]
    public async Task Retry_after_a_failed_log_append_logs_each_reading_once_with_its_first_outcome()
    {
        var ingest = NewIngest();
        var (bay, other) = (twin.TakeBay().Id, twin.TakeBay().Id);
        Reading[] batch =
        [
            Occupancy(bay, 1, seconds: 20),
            Occupancy(bay, 0, seconds: 30), // older than the one before: outdated
            Occupancy(other, 1, seconds: 10),
        ];

        _log.Failing = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => ingest.TryApplyAsync(batch));
        _log.Failing = false;
        var retried = await ingest.TryApplyAsync(batch);
        var again = await ingest.TryApplyAsync(batch);

        Assert.Equal([ReadingOutcome.Applied, ReadingOutcome.Outdated, ReadingOutcome.Applied], retried);
        Assert.Equal([ReadingOutcome.Duplicate, ReadingOutcome.Duplicate, ReadingOutcome.Duplicate], again);
        var logged1 = await TimesLoggedAsync(bay, batch[0], batch[1]);
        Assert.Equal([1, 1], logged1);
        var logged2 = await TimesLoggedAsync(other, batch[2]);
        Assert.Equal([1], logged2);
        Assert.Equal("occupied", (await twin.GetAsync($"/api/parking/bays/{bay}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readings_held_while_the_log_is_out_are_logged_once_by_the_background_retry()
    {
        var ingest = NewIngest();
        string bay = twin.TakeBay().Id;
        Reading[] batch = [Occupancy(bay, 1, seconds: 5)];

        _log.Failing = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => ingest.TryApplyAsync(batch));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _unlogged.RetryAsync(_log, CancellationToken.None));
        _log.Failing = false;
        int heldLogged = await _unlogged.RetryAsync(_log, CancellationToken.None);
        var retried = await ingest.TryApplyAsync(batch);

        Assert.Equal(1, heldLogged);
        Assert.Equal([ReadingOutcome.Duplicate], retried);
        var logged3 = await TimesLoggedAsync(bay, batch[0]);
        Assert.Equal([1], logged3);
    }

    [Fact]
    public async Task A_batch_over_the_in_flight_bound_is_turned_away_before_anything_is_applied()
    {
        var admission = new IngestAdmission(Options.Create(new IngestOptions { MaxReadingsInFlight = 2 }));
        var ingest = new ReadingIngest(twin.Services.GetRequiredService<IGrainFactory>(), twin.City, _log, admission, _unlogged);
        string bay = twin.TakeBay().Id;
        using var held = admission.TryEnter(2);

        var outcomes = await ingest.TryApplyAsync([Occupancy(bay, 1, seconds: 5)]);

        Assert.Null(outcomes);
        var logged4 = await TimesLoggedAsync(bay, Occupancy(bay, 1, seconds: 5));
        Assert.Equal([0], logged4);
        Assert.Equal("unknown", (await twin.GetAsync($"/api/parking/bays/{bay}")).GetProperty("status").GetString());
    }

    private Reading Occupancy(string bay, int value, int seconds) =>
        new($"fault-{bay}-{value}-{seconds}", bay, ReadingType.Occupancy, value, twin.Now - TimeSpan.FromSeconds(seconds));

    private async Task<int[]> TimesLoggedAsync(string entityId, params Reading[] readings)
    {
        var events = await _log.ReadAsync(new EventQuery(1000, EntityId: entityId, Type: EventTypes.Reading));
        var ids = events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("readingId").GetString()).ToList();
        return [.. readings.Select(r => ids.Count(id => id == r.ReadingId))];
    }
}
