using Microsoft.Extensions.Options;
using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Events;

/// <summary>
/// An entity's state at a past time, rebuilt from the event log (<see cref="EntityTimeline"/>). The
/// time is event time: every event observed at or before it counts, also one that arrived late.
/// </summary>
public static class EntityStateEndpoints
{
    private const string ReportPrefix = "report:";

    public static IEndpointRouteBuilder MapEntityStateApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/entities/{entityId}/at", StateAt).ForRoles(Roles.Operator, Roles.Planner).WithTags("Events")
            .WithSummary("An entity's state at a past event time (time=), rebuilt from the event log: a sensor's readings and status then, or a report's status and steps.")
            .Produces<EntityStateAt>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// GET /api/entities/{entityId}/at?time=: a bay, car park, facility or official as its live view
    /// would have shown it then (never heard by then: unknown, no readings), or a report as it stood
    /// then (404 before it was filed).
    /// </summary>
    public static async Task<IResult> StateAt(
        string entityId, HttpContext http, IEventLog log, CityMap city, IOptions<TwinOptions> twin, IOptions<EventLogOptions> events)
    {
        bool report = entityId.StartsWith(ReportPrefix, StringComparison.Ordinal) && ReportIntake.IsReportId(entityId[ReportPrefix.Length..]);
        var kind = city.KindOf(entityId);
        if (!report && kind is not (EntityKind.ParkingBay or EntityKind.CarPark or EntityKind.Facility or EntityKind.Official))
        {
            return ApiProblems.NotFound("entity", entityId);
        }
        var query = new QueryParameters(http.Request.Query);
        var time = query.Instant("time");
        if (time is null && !query.HasErrors) query.Errors["time"] = ["'time' is required: an ISO 8601 date and time with an offset, such as 2026-11-29T08:00:00Z."];
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);

        var timeline = new EntityTimeline(log, events.Value.SnapshotEvery);
        var at = time!.Value;
        var ct = http.RequestAborted;
        return report
            ? await ReportAtAsync(timeline, entityId, at, ct)
            : Results.Ok(SensorAt(await timeline.SensorStateAtAsync(entityId, at, ct), kind!.Value, entityId, at, city, twin.Value.SensorSilenceLimit));
    }

    private static async Task<IResult> ReportAtAsync(EntityTimeline timeline, string entityId, DateTimeOffset time, CancellationToken ct)
    {
        var fold = await timeline.ReportStateAtAsync(entityId, time, ct);
        var s = fold.State;
        if (s.Status is not { } status)
        {
            string id = entityId[ReportPrefix.Length..];
            // A report has no state before it was filed: not "unknown" like a sensor, it did not exist.
            return await timeline.FirstEventTimeAsync(entityId, ct) is { } filed
                ? Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "The report did not exist yet.",
                    detail: $"Report '{id}' was filed at {filed:O}, after the time asked for.",
                    extensions: new Dictionary<string, object?> { ["id"] = id, ["filedAt"] = filed })
                : ApiProblems.NotFound("report", id);
        }
        return Results.Ok<EntityStateAt>(new ReportAt
        {
            EntityId = entityId, Time = time, BasedOn = StateBasis.Of(fold),
            Status = status, Category = s.Category!, GridCellId = s.GridCellId, DistrictId = s.DistrictId,
            AssigneeId = s.AssigneeId, Escalations = s.Escalations, AcknowledgedAt = s.AcknowledgedAt,
            ResolvedAt = s.ResolvedAt, Steps = s.Steps,
        });
    }

    /// <summary>The kind's fields come from the live view's own code, run on the readings that counted then.</summary>
    private static EntityStateAt SensorAt(
        FoldedState<SensorStateFold> fold, EntityKind kind, string entityId, DateTimeOffset time, CityMap city, TimeSpan silenceLimit)
    {
        var s = fold.State;
        bool silent = s.Track(entityId).IsSilent(time, silenceLimit);
        var readings = s.Latest.ToDictionary(r => JsonNames.CamelCase(r.Key.ToString()), r => r.Value);
        var basis = StateBasis.Of(fold);
        switch (kind)
        {
            case EntityKind.ParkingBay:
                var bay = s.ViewOf(city.ParkingBay(entityId)!, city, time, silenceLimit);
                return new ParkingBayAt
                {
                    EntityId = entityId, Time = time, BasedOn = basis, Readings = readings,
                    LastHeardAt = bay.LastHeardAt, Unknown = silent, Status = bay.Status,
                };
            case EntityKind.CarPark:
                var carPark = s.ViewOf(city.CarPark(entityId)!, city, time, silenceLimit);
                return new CarParkAt
                {
                    EntityId = entityId, Time = time, BasedOn = basis, Readings = readings,
                    LastHeardAt = carPark.LastHeardAt, Unknown = carPark.Unknown,
                    Capacity = carPark.Capacity, Occupied = carPark.Occupied, SpacesFree = carPark.SpacesFree,
                };
            case EntityKind.Facility:
                var facility = s.ViewOf(city.Facility(entityId)!, city, time, silenceLimit);
                return new FacilityAt
                {
                    EntityId = entityId, Time = time, BasedOn = basis, Readings = readings,
                    // The live view never calls a facility without a sensor unknown: it is open by its hours.
                    LastHeardAt = facility.LastHeardAt, Unknown = facility.HasSensor && silent,
                    HasSensor = facility.HasSensor, OpenByHours = facility.OpenByHours, Status = facility.Status,
                    Occupancy = facility.Occupancy, QueueLength = facility.QueueLength,
                };
            default:
                var official = s.ViewOf(city.Official(entityId)!, city);
                return new OfficialAt
                {
                    EntityId = entityId, Time = time, BasedOn = basis, Readings = readings,
                    LastHeardAt = s.LastHeardAt, Unknown = silent, Duty = official.Duty,
                };
        }
    }
}
