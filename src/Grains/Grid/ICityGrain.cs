namespace SmartCity.Grains.Grid;

/// <summary>The whole city: the sum of its districts' summaries, kept current by the districts.</summary>
[Alias("ICityGrain")]
public interface ICityGrain : IGrainWithStringKey
{
    /// <summary>There is one city per service; this is its grain key.</summary>
    const string Key = "city:main";

    [Alias("Get"), ReadOnly]
    Task<CityView> GetAsync();

    [Alias("DistrictSummaryChanged"), OneWay]
    Task DistrictSummaryChangedAsync(string districtId, LiveSummary summary);
}

/// <summary>City KPIs with the districts that make them up.</summary>
[GenerateSerializer, Immutable, Alias("CityView")]
public sealed record CityView(
    [property: Id(0)] string Name,
    [property: Id(1)] LiveSummary Summary,
    [property: Id(2)] IReadOnlyList<AreaView> Districts);
