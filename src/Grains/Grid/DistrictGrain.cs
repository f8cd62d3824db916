using Microsoft.Extensions.Options;
using SmartCity.Grains.City;

namespace SmartCity.Grains.Grid;

/// <summary>
/// Rolls its cells' summaries up and passes its own to the city. Holds no stored state: on activation
/// it asks its cells once, after that the cells push.
/// </summary>
public sealed class DistrictGrain(CityMap city, IOptions<TwinOptions> options) : Grain, IDistrictGrain
{
    private readonly RollUp _cells = new();
    private DistrictDefinition _district = null!;
    private IGrainTimer? _pushTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _district = city.District(id) ?? throw new InvalidOperationException($"No district '{id}' in the city.");
        var cellIds = city.CellsByDistrict.GetValueOrDefault(id, []);
        var summaries = await Task.WhenAll(cellIds.Select(c => GrainFactory.GetGrain<IGridCellGrain>(c).GetSummaryAsync()));
        for (int i = 0; i < cellIds.Count; i++) _cells.Set(cellIds[i], summaries[i]);
        SchedulePush();
    }

    public Task<AreaView> GetAsync() => Task.FromResult(new AreaView(_district.Id, _district.Name, _cells.Total));

    public Task CellSummaryChangedAsync(string gridCellId, LiveSummary summary)
    {
        _cells.Set(gridCellId, summary);
        SchedulePush();
        return Task.CompletedTask;
    }

    private void SchedulePush()
    {
        if (_pushTimer is not null) return;
        _pushTimer = this.RegisterGrainTimer(
            _ =>
            {
                _pushTimer?.Dispose();
                _pushTimer = null;
                GrainFactory.GetGrain<ICityGrain>(ICityGrain.Key).DistrictSummaryChangedAsync(_district.Id, _cells.Total).Ignore();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(options.Value.SummaryPushDelay, Timeout.InfiniteTimeSpan));
    }
}
