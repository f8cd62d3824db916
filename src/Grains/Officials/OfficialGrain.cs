using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Officials;

/// <summary>Keeps an official's duty status, applied by event time.</summary>
public sealed class OfficialGrain(
    [PersistentState("official", StorageNames.Twin)] IPersistentState<OfficialState> state,
    CityMap city,
    IOptions<TwinOptions> options,
    ILogger<OfficialGrain> logger) : Grain, IOfficialGrain
{
    private OfficialDefinition _official = null!;
    private WriteBehind<OfficialState> _writeBehind = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _official = city.Official(id) ?? throw new InvalidOperationException($"No official '{id}' in the city.");
        _writeBehind = new WriteBehind<OfficialState>(this, state, options.Value.WriteBehindInterval, logger);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind.FlushAsync();

    public Task<ReadingOutcome[]> ApplyReadingsAsync(Reading[] readings)
    {
        var outcomes = state.State.Sensor.RegisterAll(readings, state.State.Apply);
        // Outdated readings change state too: their ids are remembered.
        if (outcomes.Any(o => o != ReadingOutcome.Duplicate)) _writeBehind.MarkChanged();
        return Task.FromResult(outcomes);
    }

    public Task<OfficialView> GetAsync() => Task.FromResult(OfficialView.Of(_official, state.State, city));
}
