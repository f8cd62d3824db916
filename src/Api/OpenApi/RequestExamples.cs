using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmartCity.Api.Quiz;
using SmartCity.Api.Readings;
using SmartCity.Api.Reports;

namespace SmartCity.Api.OpenApi;

/// <summary>
/// Example request bodies, one place for all of them: each is attached to every operation whose
/// body (declared with .Accepts&lt;T&gt; on the endpoint) has its type, so the reference page offers
/// a body that works against the demo city. Ids are the README's.
/// </summary>
public sealed class RequestExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<Type, (string Name, string Summary, string Json)> Examples = new()
    {
        [typeof(ReadingRequest[])] = ("batch", "A batch: a bay, a car park and a public toilet", """
            [
              {"readingId": "demo-1", "entityId": "bay:XH-0001-07", "type": "occupancy", "value": false, "observedAt": "2026-11-29T08:00:00Z"},
              {"readingId": "demo-2", "entityId": "carpark:XH-01", "type": "count", "value": 120, "observedAt": "2026-11-29T08:00:00Z"},
              {"readingId": "demo-3", "entityId": "facility:XH-toilet-031", "type": "status", "value": "inService", "observedAt": "2026-11-29T08:00:00Z"}
            ]
            """),
        [typeof(SubmitReportRequest)] = ("pothole", "A citizen reports a pothole", """
            {
              "category": "road-damage",
              "description": "Deep pothole in the cycle lane",
              "location": {"lat": 30.27, "lon": 120.13},
              "address": "Wensan Road, near the bus stop",
              "attributes": {"danger": "yes"},
              "photoUrl": "https://example.org/pothole.jpg",
              "contact": {"name": "Li Wei", "phone": "+86 138 0000 0000"},
              "citizenId": "citizen-1"
            }
            """),
        [typeof(OfficialTextRequest)] = ("official", "The official who holds the report says what happens next", """
            {"actorId": "official:XH-G024", "text": "Road crew booked for 14:00."}
            """),
        [typeof(PassOnRequest)] = ("department", "Passed on to a department", """
            {"actorId": "official:XH-G024", "to": "department:transport", "reason": "Needs resurfacing."}
            """),
        [typeof(ResolveRequest)] = ("resolved", "The department resolves it", """
            {"actorId": "department:transport", "resolution": "Pothole filled and sealed."}
            """),
        [typeof(RatingRequest)] = ("rating", "The citizen rates the answer", """
            {"citizenId": "citizen-1", "stars": 4, "comment": "Fixed the same day."}
            """),
        [typeof(ReopenRequest)] = ("reopen", "The citizen reopens it within the reopen window", """
            {"citizenId": "citizen-1", "reason": "The hole is back after the rain."}
            """),
        [typeof(QuizAnswerRequest)] = ("answer", "A citizen of Xihu picks the third option", """
            {"citizenId": "demo-citizen-1", "districtId": "district:XH", "choice": 2}
            """),
    };

    /// <summary>The body types that have an example, so a test can check that each one reached the document.</summary>
    public static IReadOnlyCollection<Type> BodyTypes => Examples.Keys;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var bodyType = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (bodyType is null || !Examples.TryGetValue(bodyType, out var example) || operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }
        foreach (var mediaType in content.Values)
        {
            mediaType.Examples ??= new Dictionary<string, IOpenApiExample>();
            mediaType.Examples[example.Name] = new OpenApiExample { Summary = example.Summary, Value = JsonNode.Parse(example.Json) };
        }
        return Task.CompletedTask;
    }
}
