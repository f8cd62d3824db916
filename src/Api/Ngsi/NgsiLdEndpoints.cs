using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SmartCity.Api.Security;
using SmartCity.Grains.City;

namespace SmartCity.Api.Ngsi;

/// <summary>
/// A read-only NGSI-LD view (ETSI GS CIM 009 V1.8.1) of bays, car parks and public toilets as FIWARE
/// Smart Data Models, so that NGSI-LD clients and dashboards read the twin as they read a context
/// broker: Retrieve Entity (clause 5.7.1) and Query Entities (clause 5.7.2). Live state comes from
/// the grains at the time of the request; nothing is copied into a second store.
/// </summary>
public static class NgsiLdEndpoints
{
    public const string BasePath = "/ngsi-ld/v1";

    public const string ResultsCountHeader = "NGSILD-Results-Count";

    // Live state is read this many grains at a time when a q filter needs every candidate.
    private const int LoadBatch = 1000;

    public static IEndpointRouteBuilder MapNgsiLdApi(this IEndpointRouteBuilder app)
    {
        var ngsi = app.MapGroup(BasePath).WithTags("NGSI-LD");
        ngsi.MapGet("/entities", QueryEntities).Public()
            .WithSummary("Query entities: ParkingSpot, OffStreetParking or PointOfInterest (public toilets)")
            .WithDescription("type (required; several separated by commas), limit (default 20, at most 1000), offset, count=true "
                + "(NGSILD-Results-Count header), options=keyValues (default normalized), q (comparisons joined by ';', e.g. status==\"free\"), "
                + "georel=near;maxDistance==500 with geometry=Point and coordinates=[lon,lat] (nearest first). "
                + "Accept application/ld+json puts the @context in each entity; application/json gives it in a Link header.")
            .Produces<JsonArray>(StatusCodes.Status200OK, NgsiLdAnswers.Json, NgsiLdAnswers.JsonLd)
            .ProducesProblem(StatusCodes.Status400BadRequest, NgsiLdAnswers.Json)
            .ProducesProblem(StatusCodes.Status406NotAcceptable, NgsiLdAnswers.Json);
        ngsi.MapGet("/entities/{id}", RetrieveEntity).Public()
            .WithSummary("Retrieve one entity by its URN, e.g. urn:ngsi-ld:ParkingSpot:bay:XH-0001-07")
            .WithDescription("options=keyValues for the simplified representation (default normalized); type optionally names the expected type.")
            .Produces<JsonObject>(StatusCodes.Status200OK, NgsiLdAnswers.Json, NgsiLdAnswers.JsonLd)
            .ProducesProblem(StatusCodes.Status400BadRequest, NgsiLdAnswers.Json)
            .ProducesProblem(StatusCodes.Status404NotFound, NgsiLdAnswers.Json)
            .ProducesProblem(StatusCodes.Status406NotAcceptable, NgsiLdAnswers.Json);
        return app;
    }

    public static async Task<IResult> RetrieveEntity(string id, HttpContext http, IGrainFactory grains, CityMap city)
    {
        if (NgsiLdAnswers.Negotiate(http.Request) is not { } mediaType) return NgsiLdAnswers.NotAcceptable();
        var query = new NgsiLdQuery(http.Request.Query);
        var types = query.Types(required: false);
        // An id that is not a URI is bad data (clause 6.3.2); a URI that names nothing here is not found.
        if (!Uri.TryCreate(id, UriKind.Absolute, out _))
        {
            query.Errors.Add($"An entity id is a URI, e.g. urn:ngsi-ld:ParkingSpot:bay:XH-0001-07; got '{NgsiLdQuery.Clip(id)}'.");
        }
        if (query.HasErrors) return NgsiLdAnswers.BadRequestData(string.Join(" ", query.Errors));

        var candidate = SmartDataModels.Find(id, city);
        if (candidate is null || (types is not null && !types.Contains(candidate.Type)))
        {
            return NgsiLdAnswers.ResourceNotFound(
                $"There is no entity '{NgsiLdQuery.Clip(id)}'{(types is null ? "" : " of type " + string.Join(",", types))} in this city.");
        }
        var entity = await SmartDataModels.LoadAsync(candidate, grains, city);
        return NgsiLdAnswers.Answer(http, mediaType, entity.Render(query.KeyValues, NgsiLdAnswers.ContextFor(mediaType)));
    }

    public static async Task<IResult> QueryEntities(HttpContext http, IGrainFactory grains, CityMap city)
    {
        if (NgsiLdAnswers.Negotiate(http.Request) is not { } mediaType) return NgsiLdAnswers.NotAcceptable();
        var query = new NgsiLdQuery(http.Request.Query);
        var types = query.Types(required: true);
        int limit = query.Limit(), offset = query.Offset();
        bool count = query.Count();
        var q = query.Q();
        var near = query.Near();
        if (limit == 0 && !count) query.Errors.Add("'limit' may be 0 only together with count=true (clause 6.3.10).");
        if (query.HasErrors) return NgsiLdAnswers.BadRequestData(string.Join(" ", query.Errors));

        var candidates = types!.SelectMany(type => SmartDataModels.CandidatesOf(type, city));
        if (near is not null)
        {
            candidates = candidates
                .Select(c => (Candidate: c, Distance: near.Point.DistanceMetersTo(c.Location)))
                .Where(c => near.Admits(c.Distance))
                .OrderBy(c => c.Distance)
                .Select(c => c.Candidate);
        }

        int total;
        IReadOnlyList<NgsiEntity> page;
        if (q is null)
        {
            // Only the page's grains are asked: the static city decides what matches.
            var matches = candidates.ToList();
            total = matches.Count;
            page = await LoadAsync(matches.Skip(offset).Take(limit), grains, city);
        }
        else
        {
            var matches = (await LoadAsync(candidates, grains, city)).Where(q.Matches).ToList();
            total = matches.Count;
            page = [.. matches.Skip(offset).Take(limit)];
        }

        if (count) http.Response.Headers[ResultsCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        AddPageLinks(http, offset, limit, total);
        var context = NgsiLdAnswers.ContextFor(mediaType);
        return NgsiLdAnswers.Answer(http, mediaType, new JsonArray([.. page.Select(e => (JsonNode?)e.Render(query.KeyValues, context))]));
    }

    private static async Task<IReadOnlyList<NgsiEntity>> LoadAsync(IEnumerable<NgsiCandidate> candidates, IGrainFactory grains, CityMap city)
    {
        var entities = new List<NgsiEntity>();
        foreach (var batch in candidates.Chunk(LoadBatch))
        {
            entities.AddRange(await Task.WhenAll(batch.Select(c => SmartDataModels.LoadAsync(c, grains, city))));
        }
        return entities;
    }

    /// <summary>Link headers to the next and previous pages, rel="next" and rel="prev" (clause 6.3.10).</summary>
    private static void AddPageLinks(HttpContext http, int offset, int limit, int total)
    {
        if (limit == 0) return;
        if (offset + limit < total) http.Response.Headers.Append(HeaderNames.Link, $"<{PageUrl(http.Request, offset + limit)}>; rel=\"next\"");
        if (offset > 0) http.Response.Headers.Append(HeaderNames.Link, $"<{PageUrl(http.Request, Math.Max(0, offset - limit))}>; rel=\"prev\"");
    }

    private static string PageUrl(HttpRequest request, int offset)
    {
        var parameters = request.Query.Where(p => p.Key != "offset").ToList();
        parameters.Add(new KeyValuePair<string, StringValues>("offset", offset.ToString(CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(parameters);
    }
}
