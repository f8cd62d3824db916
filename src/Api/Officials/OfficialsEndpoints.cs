using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.Grains.Officials;

namespace SmartCity.Api.Officials;

/// <summary>Officials: their grids, supervisor and duty status.</summary>
public static class OfficialsEndpoints
{
    public static IEndpointRouteBuilder MapOfficialsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/officials").WithTags("Officials").MapGet("/{id}", GetOfficial).Public()
            .WithSummary("An official: grids, supervisor and duty status")
            .Produces<OfficialView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> GetOfficial(string id, IGrainFactory grains, CityMap city) =>
        city.Official(id) is null
            ? ApiProblems.NotFound("official", id)
            : Results.Ok(await grains.GetGrain<IOfficialGrain>(id).GetAsync());
}
