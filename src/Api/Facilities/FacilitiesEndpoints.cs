using SmartCity.Api.Parking;
using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;

namespace SmartCity.Api.Facilities;

/// <summary>Facilities by id and near a point, e.g. the nearest public toilet open now.</summary>
public static class FacilitiesEndpoints
{
    public static IEndpointRouteBuilder MapFacilitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/facilities").WithTags("Facilities");
        api.MapGet("/nearby", FindNearby).Public()
            .WithSummary("Facilities near a point (lat, lon, kind, openNow, radius, limit), nearest first")
            .Produces<NearbyResponse<FacilityMatch>>().ProducesValidationProblem();
        api.MapGet("/{id}", GetFacility).Public()
            .WithSummary("A facility: opening hours, status now, occupancy and queue")
            .Produces<FacilityView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> GetFacility(string id, IGrainFactory grains, CityMap city) =>
        city.Facility(id) is null
            ? ApiProblems.NotFound("facility", id)
            : Results.Ok(await grains.GetGrain<IFacilityGrain>(id).GetAsync());

    public static async Task<IResult> FindNearby(HttpContext http, IGrainFactory grains, CityMap city)
    {
        var query = new QueryParameters(http.Request.Query);
        var point = query.Point();
        var kind = query.Enum<FacilityKind>("kind");
        bool openNow = query.Flag("openNow");
        double radius = query.Number("radius", 1000, 1, NearbyLimits.MaxRadiusMeters);
        int limit = query.WholeNumber("limit", 10, 1, NearbyLimits.MaxResults);
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var result = await NearbySearch.RunAsync(
            city, point, radius, limit,
            cellId => grains.GetGrain<IGridCellGrain>(cellId).FindFacilitiesAsync(point, radius, kind, openNow, limit),
            match => match.DistanceMeters);
        return Results.Ok(new NearbyResponse<FacilityMatch>(point, radius, result.CellsSearched, result.Matches));
    }
}
