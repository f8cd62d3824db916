using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Facilities;

/// <summary>Applies a facility sensor's condition, occupancy and queue readings by event time.</summary>
public sealed class FacilityGrain(
    [PersistentState("facility", StorageNames.Twin)] IPersistentState<FacilityState> state,
    CityMap city,
    CityClock clock,
    CellUpdateRelay relay,
    IOptions<TwinOptions> options,
    ILogger<FacilityGrain> logger) : Grain, IFacilityGrain
{
    private FacilityDefinition _facility = null!;
    private string _cellId = null!;
    private WriteBehind<FacilityState> _writeBehind = null!;
    private CellNotifier _notifier = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _facility = city.Facility(id) ?? throw new InvalidOperationException($"No facility '{id}' in the city.");
        _cellId = city.GridCellOf(id);
        _writeBehind = new WriteBehind<FacilityState>(this, state, options.Value.WriteBehindInterval, logger);
        _notifier = new CellNotifier(options.Value.HeartbeatToCell);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind.FlushAsync();

    public Task<ReadingOutcome[]> ApplyReadingsAsync(Reading[] readings)
    {
        var outcomes = state.State.Sensor.RegisterAll(readings, Apply);
        // Outdated readings change state too: their ids are remembered.
        if (outcomes.Any(o => o != ReadingOutcome.Duplicate)) _writeBehind.MarkChanged();
        return Task.FromResult(outcomes);
    }

    public Task<FacilityView> GetAsync() =>
        Task.FromResult(FacilityView.Of(_facility, state.State, city, clock.Now, options.Value.SensorSilenceLimit));

    private void Apply(Reading reading)
    {
        state.State.Apply(reading);
        // The cell needs the condition, when it was observed, and a sign of life: any reading type
        // is one, and a head count may well be newer than the last status.
        var sensor = state.State.Sensor;
        int condition = (int)state.State.Condition;
        var conditionObservedAt = sensor.LatestByType.GetValueOrDefault(ReadingType.Status, DateTimeOffset.MinValue);
        var heardAt = sensor.LastHeardAt!.Value;
        if (_notifier.ShouldTell(condition, heardAt))
        {
            relay.Send(_cellId, new MemberUpdate(_facility.Id, condition, conditionObservedAt, heardAt));
        }
    }
}
