using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Parking;

/// <summary>Applies a car park's counts by event time and tells its grid cell.</summary>
public sealed class CarParkGrain(
    [PersistentState("carpark", StorageNames.Twin)] IPersistentState<CarParkState> state,
    CityMap city,
    CityClock clock,
    CellUpdateRelay relay,
    IOptions<TwinOptions> options,
    ILogger<CarParkGrain> logger) : Grain, ICarParkGrain
{
    private CarParkDefinition _carPark = null!;
    private string _cellId = null!;
    private WriteBehind<CarParkState> _writeBehind = null!;
    private CellNotifier _notifier = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _carPark = city.CarPark(id) ?? throw new InvalidOperationException($"No car park '{id}' in the city.");
        _cellId = city.GridCellOf(id);
        _writeBehind = new WriteBehind<CarParkState>(this, state, options.Value.WriteBehindInterval, logger);
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

    public Task<CarParkView> GetAsync() =>
        Task.FromResult(CarParkView.Of(_carPark, state.State, city, clock.Now, options.Value.SensorSilenceLimit));

    private void Apply(Reading reading)
    {
        state.State.Apply(reading);
        if (_notifier.ShouldTell(reading.Value, reading.ObservedAt))
        {
            relay.Send(_cellId, new MemberUpdate(_carPark.Id, reading.Value, reading.ObservedAt, reading.ObservedAt));
        }
    }
}
