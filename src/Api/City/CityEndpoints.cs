using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Grid;

namespace SmartCity.Api.City;

/// <summary>City-wide KPIs and districts, rolled up from grid cells (never a scan of every grain).</summary>
public static class CityEndpoints
{
    public static IEndpointRouteBuilder MapCityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("City");
        api.MapGet("/city", GetCity).Public()
            .WithSummary("City KPIs: population, bays, car parks and facilities now, per district")
            .Produces<CityKpis>();
        api.MapGet("/districts/{id}", GetDistrict).Public()
            .WithSummary("A district with its live summary")
            .Produces<AreaView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> GetCity(IGrainFactory grains, CityMap city, CityClock clock)
    {
        var view = await grains.GetGrain<ICityGrain>(ICityGrain.Key).GetAsync();
        var s = view.Summary;
        return Results.Ok(new CityKpis(
            view.Name, city.Definition.TimeZoneId, clock.Now, view.Districts.Count, s.GridCells, s.Households, s.Residents, s.Migrants,
            s.Bays, s.CarParks, s.Facilities, view.Districts));
    }

    public static async Task<IResult> GetDistrict(string id, IGrainFactory grains, CityMap city) =>
        city.District(id) is null
            ? ApiProblems.NotFound("district", id)
            : Results.Ok(await grains.GetGrain<IDistrictGrain>(id).GetAsync());
}

/// <summary>The city at a glance.</summary>
public sealed record CityKpis(
    string Name,
    string TimeZone,
    DateTimeOffset AsOf,
    int Districts,
    int GridCells,
    int Households,
    int Residents,
    int Migrants,
    BayCounts Bays,
    CarParkCounts CarParks,
    IReadOnlyDictionary<Grains.Facilities.FacilityKind, FacilityCounts> Facilities,
    IReadOnlyList<AreaView> ByDistrict);
