using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.Grains.Grid;

namespace SmartCity.Api.Grid;

/// <summary>Grid cells by id or by a point inside them, with their live summary.</summary>
public static class GridEndpoints
{
    public static IEndpointRouteBuilder MapGridApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/grids").WithTags("Grid");
        api.MapGet("/at", GetGridAt).Public()
            .WithSummary("The grid cell that contains a point (lat, lon)")
            .Produces<GridCellView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}", GetGrid).Public()
            .WithSummary("A grid cell with its households, official and live summary")
            .Produces<GridCellView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> GetGrid(string id, IGrainFactory grains, CityMap city) =>
        city.GridCell(id) is null
            ? ApiProblems.NotFound("grid cell", id)
            : Results.Ok(await grains.GetGrain<IGridCellGrain>(id).GetAsync());

    public static async Task<IResult> GetGridAt(HttpContext http, IGrainFactory grains, CityMap city)
    {
        var query = new QueryParameters(http.Request.Query);
        var point = query.Point();
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        var cell = city.GridCellContaining(point);
        if (cell is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No grid cell contains this point.",
                detail: FormattableString.Invariant($"The point {point.Lat}, {point.Lon} lies outside the city's grid cells."));
        }
        return Results.Ok(await grains.GetGrain<IGridCellGrain>(cell.Id).GetAsync());
    }
}
