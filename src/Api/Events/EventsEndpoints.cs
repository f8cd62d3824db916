using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Events;

/// <summary>
/// The event log, read: an entity's history, the live feed of events as Server-Sent Events
/// (https://html.spec.whatwg.org/multipage/server-sent-events.html), resumable with Last-Event-ID,
/// and an event-time range exported as a file (<see cref="EventExport"/>).
/// </summary>
public static class EventsEndpoints
{
    private const int ReplayPage = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/history/{entityId}", History).ForRoles(Roles.Operator, Roles.Planner).WithTags("Events")
            .WithSummary("An entity's logged events (readings, report steps) in log order, by event time range.")
            .Produces<IEnumerable<EventView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/events/stream", Stream).Public().WithTags("Events")
            .WithSummary("Server-Sent Events of everything logged, filtered by type, district, grid, entity; resumable with Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesValidationProblem();
        app.MapGet("/api/events/export", EventExport.Export).ForRoles(Roles.Operator, Roles.Planner).WithTags("Events")
            .WithSummary("The events of an event-time range as a file: CSV, Parquet or JSON Lines (the shape replay reads), filtered by type and entity.")
            .Produces(StatusCodes.Status200OK, contentType: EventExport.CsvType,
                additionalContentTypes: [EventExport.ParquetType, EventExport.JsonLinesType])
            .ProducesValidationProblem();
        app.MapEntityStateApi();
        return app;
    }

    /// <summary>GET /api/history/{entityId}?from=&amp;to=&amp;after=&amp;limit=: the entity's events in log order.</summary>
    public static async Task<IResult> History(string entityId, HttpContext http, IEventLog log, CityMap city)
    {
        if (!IsKnownEntity(entityId, city)) return ApiProblems.NotFound("entity", entityId);
        var query = new QueryParameters(http.Request.Query);
        var from = query.Instant("from");
        var to = query.Instant("to");
        long after = (long)query.Number("after", 0, 0, long.MaxValue);
        int limit = query.WholeNumber("limit", 100, 1, 1000);
        if (from > to) query.Errors["to"] = ["'to' must not be before 'from'."];
        if (query.HasErrors) return ApiProblems.BadRequest(query.Errors);
        var events = await log.ReadAsync(new EventQuery(limit, entityId, from, to, after), http.RequestAborted);
        return Results.Ok(events.Select(EventView.Of));
    }

    /// <summary>
    /// GET /api/events/stream?type=&amp;district=&amp;grid=&amp;entity=: events as they are logged. With
    /// Last-Event-ID (header, or lastEventId in the query) the stream first replays what came after
    /// it from the log. A client that falls behind gets a "lost" event saying how many it missed.
    /// </summary>
    public static async Task Stream(HttpContext http, IEventLog log, EventBroadcast broadcast, CityMap city)
    {
        var query = new QueryParameters(http.Request.Query);
        var filter = new StreamFilter(
            query.Choice("type", [EventTypes.Reading, EventTypes.Report, EventTypes.Seed]),
            query.Known("district", id => city.District(id) is not null, "district"),
            query.Known("grid", id => city.GridCell(id) is not null, "grid cell"),
            http.Request.Query["entity"].FirstOrDefault());
        long? resumeAfter = LastEventId(http, query);
        if (query.HasErrors)
        {
            await ApiProblems.BadRequest(query.Errors).ExecuteAsync(http);
            return;
        }

        // Listen before replaying, so nothing logged during the replay falls between the two.
        using var listener = broadcast.Listen();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var ct = http.RequestAborted;
        long cursor = resumeAfter ?? log.LastSequence;
        try
        {
            if (resumeAfter is not null) cursor = await ReplayAsync(http.Response, log, filter, cursor, ct);
            await http.Response.WriteAsync(": listening\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            await FollowAsync(http.Response, listener, filter, cursor, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task<long> ReplayAsync(HttpResponse response, IEventLog log, StreamFilter filter, long cursor, CancellationToken ct)
    {
        while (true)
        {
            var page = await log.ReadAsync(new EventQuery(ReplayPage, filter.EntityId, AfterSequence: cursor, Type: filter.Type), ct);
            foreach (var e in page.Where(filter.Matches)) await WriteEventAsync(response, e, ct);
            if (page.Count > 0) cursor = page[^1].Sequence;
            await response.Body.FlushAsync(ct);
            if (page.Count < ReplayPage) return cursor;
        }
    }

    private static async Task FollowAsync(HttpResponse response, EventListener listener, StreamFilter filter, long cursor, CancellationToken ct)
    {
        var events = listener.Events;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(KeepAlive);
            bool more;
            try
            {
                more = await events.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Quiet for a while: a comment line keeps proxies from closing the connection.
                await response.WriteAsync(": keep-alive\n\n", ct);
                await response.Body.FlushAsync(ct);
                continue;
            }
            if (!more) return;
            while (events.TryRead(out var e))
            {
                // The replay may already have sent what was logged while it ran.
                if (e.Sequence <= cursor || !filter.Matches(e)) continue;
                await WriteEventAsync(response, e, ct);
                cursor = e.Sequence;
            }
            if (listener.TakeLost() is > 0 and var lost)
            {
                await response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"event: lost\ndata: {{\"lost\":{lost},\"resumeWith\":{cursor}}}\n\n"), ct);
            }
            await response.Body.FlushAsync(ct);
        }
    }

    /// <summary>Writes one event as a Server-Sent Event whose data is the event in the shape of <see cref="EventView"/>.</summary>
    private static Task WriteEventAsync(HttpResponse response, LoggedEvent e, CancellationToken ct)
    {
        var data = new System.Buffers.ArrayBufferWriter<byte>(256 + e.Payload.Length);
        using (var json = new Utf8JsonWriter(data))
        {
            EventViewJson.Write(json, e);
        }
        var text = new StringBuilder()
            .Append("id: ").Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(e.Type).Append('\n')
            .Append("data: ").Append(Encoding.UTF8.GetString(data.WrittenSpan)).Append("\n\n");
        return response.WriteAsync(text.ToString(), ct);
    }

    private static long? LastEventId(HttpContext http, QueryParameters query)
    {
        string? text = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["lastEventId"].FirstOrDefault();
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id)) return id;
        query.Errors["lastEventId"] = ["Last-Event-ID (header or lastEventId) must be the id of an event this stream sent (a whole number)."];
        return null;
    }

    private static bool IsKnownEntity(string id, CityMap city) =>
        city.KindOf(id) is not null || id == EventTypes.SeedEntityId || (id.StartsWith("report:", StringComparison.Ordinal) && ReportIntake.IsReportId(id["report:".Length..]));

    private sealed record StreamFilter(string? Type, string? DistrictId, string? GridCellId, string? EntityId)
    {
        public bool Matches(LoggedEvent e) =>
            (Type is null || e.Type == Type)
            && (DistrictId is null || e.DistrictId == DistrictId)
            && (GridCellId is null || e.GridCellId == GridCellId)
            && (EntityId is null || e.EntityId == EntityId);
    }
}

/// <summary>A logged event as the API shows it: the payload as JSON, not as a string.</summary>
public sealed record EventView(
    long Sequence, string Type, string EntityId, string? DistrictId, string? GridCellId,
    DateTimeOffset EventTime, DateTimeOffset LoggedAt, JsonElement Data)
{
    public static EventView Of(LoggedEvent e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        return new EventView(e.Sequence, e.Type, e.EntityId, e.DistrictId, e.GridCellId, e.EventTime, e.LoggedAt, document.RootElement.Clone());
    }
}
