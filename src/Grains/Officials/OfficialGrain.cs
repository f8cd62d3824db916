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
        var outcomes = new ReadingOutcome[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            outcomes[i] = state.State.Sensor.Register(readings[i]);
            if (outcomes[i] == ReadingOutcome.Applied)
            {
                var duty = (DutyStatus)readings[i].Value;
                if (duty != state.State.Duty) state.State.DutySince = readings[i].ObservedAt;
                state.State.Duty = duty;
            }
            if (outcomes[i] != ReadingOutcome.Duplicate) _writeBehind.MarkChanged();
        }
        return Task.FromResult(outcomes);
    }

    public Task<OfficialView> GetAsync() => Task.FromResult(new OfficialView(
        _official.Id, _official.Name, _official.Role, _official.SupervisorId,
        city.GridsByOfficial.GetValueOrDefault(_official.Id, []),
        city.SubordinatesOf(_official.Id),
        state.State.Duty, state.State.DutySince));
}
