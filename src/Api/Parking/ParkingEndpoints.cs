using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Parking;

namespace SmartCity.Api.Parking;

/// <summary>Bays, car parks, and free parking near a point.</summary>
public static class ParkingEndpoints
{
    public static IEndpointRouteBuilder MapParkingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parking").WithTags("Parking");
        api.MapGet("/bays/{id}", GetBay).Public()
            .WithSummary("A kerbside bay: free, occupied or unknown (sensor silent)")
            .Produces<ParkingBayView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/carparks/{id}", GetCarPark).Public()
            .WithSummary("A car park: capacity, cars inside and spaces free")
            .Produces<CarParkView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/nearby", FindNearby).Public()
            .WithSummary("Free bays and car parks near a point (lat, lon, radius, limit), nearest first")
            .Produces<NearbyResponse<ParkingMatch>>().ProducesValidationProblem();
        return app;
    }

    public static async Task<IResult> GetBay(string id, IGrainFactory grains, CityMap city) =>
        city.ParkingBay(id) is null
            ? ApiProblems.NotFound("parking bay", id)
            : Results.Ok(await grains.GetGrain<IParkingBayGrain>(id).GetAsync());

    public static async Task<IResult> GetCarPark(string id, IGrainFactory grains, CityMap city) =>
        city.CarPark(id) is null
            ? ApiProblems.NotFound("car park", id)
            : Results.Ok(await grains.GetGrain<ICarParkGrain>(id).GetAsync());

    /// <summary>Free bays and car parks with free spaces, nearest first, searching outward cell by cell.</summary>
    public static async Task<IResult> FindNearby(HttpContext http, IGrainFactory grains, CityMap city)
    {
        var query = new QueryParameters(http.Request.Query);
        var point = query.Point();
        double radius = query.Number("radius", 500, 1, NearbyLimits.MaxRadiusMeters);
        int limit = query.WholeNumber("limit", 10, 1, NearbyLimits.MaxResults);
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var result = await NearbySearch.RunAsync(
            city, point, radius, limit,
            cellId => grains.GetGrain<IGridCellGrain>(cellId).FindParkingAsync(point, radius, limit),
            match => match.DistanceMeters);
        return Results.Ok(new NearbyResponse<ParkingMatch>(point, radius, result.CellsSearched, result.Matches));
    }
}

/// <summary>Answer of a nearby search; cellsSearched shows how far it had to look.</summary>
public sealed record NearbyResponse<T>(GeoPoint Point, double RadiusMeters, int CellsSearched, IReadOnlyList<T> Results);

/// <summary>Bounds that keep a nearby search local.</summary>
public static class NearbyLimits
{
    public const double MaxRadiusMeters = 5000;
    public const int MaxResults = 100;
}
