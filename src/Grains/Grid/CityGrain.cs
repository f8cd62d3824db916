using SmartCity.Grains.City;

namespace SmartCity.Grains.Grid;

/// <summary>Rolls the districts up into city KPIs; asks them once on activation, then they push.</summary>
public sealed class CityGrain(CityMap city) : Grain, ICityGrain
{
    private readonly RollUp _districts = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var views = await Task.WhenAll(city.Definition.Districts.Select(d => GrainFactory.GetGrain<IDistrictGrain>(d.Id).GetAsync()));
        foreach (var view in views) _districts.Set(view.Id, view.Summary);
    }

    public Task<CityView> GetAsync() => Task.FromResult(new CityView(
        city.Definition.Name,
        _districts.Total,
        [.. city.Definition.Districts.Select(d => new AreaView(d.Id, d.Name, _districts.PartOrEmpty(d.Id)))]));

    public Task DistrictSummaryChangedAsync(string districtId, LiveSummary summary)
    {
        _districts.Set(districtId, summary);
        return Task.CompletedTask;
    }
}
