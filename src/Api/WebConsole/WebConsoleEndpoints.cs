using Microsoft.Extensions.Options;
using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.WebConsole;

/// <summary>
/// The web console: its page at /, its files under /console/, and the few reads its map needs that the
/// feature APIs do not give in one call (every cell's shape and live figures, the bays in a box).
/// </summary>
public static class WebConsoleEndpoints
{
    /// <summary>At most this many bays in one box: more is a city-wide view, which shows cells instead.</summary>
    public const int MaxBaysPerBox = 3000;

    /// <summary>The map's response-time shading looks at the reports of this last stretch.</summary>
    public static readonly TimeSpan ResponseTimeWindow = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder app)
    {
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", getOrHead, (WebConsoleFiles files, HttpContext http) => files.Serve("index.html", http)).ExcludeFromDescription().Public();
        app.MapMethods("/console/{**path}", getOrHead, (string path, WebConsoleFiles files, HttpContext http) => files.Serve(path, http))
            .ExcludeFromDescription().Public();

        var api = app.MapGroup("/api/console").Public().WithTags("Web console");
        api.MapGet("/settings", (IOptions<WebConsoleOptions> options) =>
                Results.Ok(new MapSettings(options.Value.TileUrl, options.Value.TileAttribution, options.Value.TileMaxZoom)))
            .WithSummary("The console map's settings: an optional base-map tile URL and its attribution")
            .Produces<MapSettings>();
        api.MapGet("/city", GetCityLayer)
            .WithSummary("Every grid cell's boundary, the districts, car parks and facilities, for drawing the map")
            .Produces<CityLayer>();
        api.MapGet("/cells", GetCellMeasures)
            .WithSummary("Every grid cell's live figures (bays by status, car park spaces, open toilets), for shading the map")
            .Produces<GridCellMeasures[]>();
        api.MapGet("/cells/reports", GetCellReportFigures)
            .WithSummary("Every grid cell's reports: open, overdue now, median time to acknowledge and to resolve over 30 days")
            .Produces<GridCellReportFigures[]>();
        api.MapGet("/officials", GetReportHolders)
            .WithSummary("Every official (role, supervisor, grids) and department: who can hold a report, for the official's page")
            .Produces<ReportHolders>();
        api.MapGet("/bays", GetBaysInBox)
            .WithSummary("The bays inside a box (south, west, north, east) with their status now")
            .Produces<BayMarker[]>().ProducesValidationProblem();
        api.MapGet("/facilities", GetFacilityStatuses)
            .WithSummary("Every facility's status now (open, closed, out of order, unknown)")
            .Produces<FacilityMarker[]>();
        return app;
    }

    public static IResult GetCityLayer(CityMap city)
    {
        var definition = city.Definition;
        var bounds = definition.GridCells.Select(c => c.Boundary.Bounds).Aggregate((a, b) => a.Union(b));
        return Results.Ok(new CityLayer(
            definition.Name,
            [[bounds.MinLat, bounds.MinLon], [bounds.MaxLat, bounds.MaxLon]],
            [.. definition.Districts.Select(d => new DistrictShape(d.Id, d.Name))],
            [.. definition.GridCells.Select(c => new GridCellShape(
                c.Id, c.Name, c.DistrictId, c.Community, c.OfficialId, city.MembersOf(c.Id).ParkingBays.Count,
                [.. c.Boundary.Ring.Select(LatLon)]))],
            [.. definition.CarParks.Select(p => new CarParkPlace(p.Id, p.Name, LatLon(p.Location), p.Capacity))],
            [.. definition.Facilities.Select(f => new FacilityPlace(f.Id, f.Name, f.Kind, LatLon(f.Location), f.OpeningHours.ToString()))]));
    }

    public static async Task<IResult> GetCellMeasures(IGrainFactory grains, CityMap city)
    {
        var cells = city.Definition.GridCells;
        var summaries = await Task.WhenAll(cells.Select(c => grains.GetGrain<IGridCellGrain>(c.Id).GetSummaryAsync()));
        return Results.Ok(cells.Zip(summaries, (cell, s) =>
        {
            var toilets = s.Facilities.GetValueOrDefault(FacilityKind.PublicToilet, FacilityCounts.None);
            return new GridCellMeasures(
                cell.Id, s.Bays.Total, s.Bays.Free, s.Bays.Occupied, s.Bays.Unknown, s.CarParks.SpacesFree, toilets.OpenNow, toilets.Total);
        }).ToArray());
    }

    /// <summary>
    /// Report figures per cell for shading the map. Open and overdue count every report now; the response
    /// times are over the reports filed in the last 30 days, as on the supervision page's default window.
    /// </summary>
    public static async Task<IResult> GetCellReportFigures(ReportLedgers ledgers, CityMap city, CityClock clock)
    {
        var now = clock.Now;
        var since = now - ResponseTimeWindow;
        var byCell = (await ledgers.FindAsync(new ReportFilter(int.MaxValue))).ToLookup(r => r.GridCellId);
        return Results.Ok(city.Definition.GridCells.Select(cell =>
        {
            var reports = byCell[cell.Id];
            var recent = ReportFigures.Compute(reports, now, since);
            return new GridCellReportFigures(
                cell.Id, reports.Count(r => r.IsOpen), reports.Count(r => r.IsOverdueAt(now)),
                recent.TimeToAcknowledge.MedianSeconds, recent.TimeToResolve.MedianSeconds);
        }).ToArray());
    }

    public static IResult GetReportHolders(CityMap city, ReportCatalog catalog) => Results.Ok(new ReportHolders(
        [.. city.Definition.Officials.Select(o => new OfficialEntry(
            o.Id, o.Name, o.Role, o.SupervisorId, city.GridsByOfficial.GetValueOrDefault(o.Id, [])))],
        catalog.Departments));

    public static async Task<IResult> GetBaysInBox(HttpContext http, IGrainFactory grains, CityMap city)
    {
        var query = new QueryParameters(http.Request.Query);
        double south = query.Number("south", null, -90, 90);
        double west = query.Number("west", null, -180, 180);
        double north = query.Number("north", null, -90, 90);
        double east = query.Number("east", null, -180, 180);
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var box = new GeoBounds(Math.Min(south, north), Math.Min(west, east), Math.Max(south, north), Math.Max(west, east));
        var bays = city.Definition.ParkingBays.Where(b => box.Contains(b.Location)).ToArray();
        if (bays.Length > MaxBaysPerBox)
        {
            return ApiProblems.BadRequest("south", $"The box holds {bays.Length} bays; at most {MaxBaysPerBox} at once: make it smaller.");
        }
        var views = await Task.WhenAll(bays.Select(b => grains.GetGrain<IParkingBayGrain>(b.Id).GetAsync()));
        return Results.Ok(views.Select(v => new BayMarker(v.Id, LatLon(v.Location), v.Status)).ToArray());
    }

    public static async Task<IResult> GetFacilityStatuses(IGrainFactory grains, CityMap city)
    {
        var facilities = city.Definition.Facilities;
        var views = await Task.WhenAll(facilities.Select(f => grains.GetGrain<IFacilityGrain>(f.Id).GetAsync()));
        return Results.Ok(views.Select(v => new FacilityMarker(v.Id, v.Status)).ToArray());
    }

    private static double[] LatLon(GeoPoint point) => [Math.Round(point.Lat, 6), Math.Round(point.Lon, 6)];
}
