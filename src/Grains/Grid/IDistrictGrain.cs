namespace SmartCity.Grains.Grid;

/// <summary>A district: the sum of its grid cells' live summaries, kept current by the cells.</summary>
[Alias("IDistrictGrain")]
public interface IDistrictGrain : IGrainWithStringKey
{
    [Alias("Get"), ReadOnly]
    Task<AreaView> GetAsync();

    [Alias("CellSummaryChanged"), OneWay]
    Task CellSummaryChangedAsync(string gridCellId, LiveSummary summary);
}

/// <summary>A named area (district or city) with its live summary.</summary>
[GenerateSerializer, Immutable, Alias("AreaView")]
public sealed record AreaView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] LiveSummary Summary);
