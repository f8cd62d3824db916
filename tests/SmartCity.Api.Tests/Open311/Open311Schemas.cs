using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartCity.Api.Tests.Open311;

/// <summary>
/// Checks Open311 JSON answers against the Smart Data Models schemas in Schemas/ (see SOURCE.md),
/// offline: common-schema.json is registered under its $id, so every $ref resolves without a network.
/// </summary>
/// <remarks>
/// The schemas describe each Open311 object as an NGSI entity, which GeoReport v2's wire format is
/// not, in exactly these points; the check bridges them and leaves every other member as served:
/// 1. NGSI requires "id" and "type"; GeoReport v2 objects have neither.
/// 2. GeoReport's service "type" (realtime, batch, blackbox) and "metadata" are "open311:type" and
///    "open311:metadata" in the model, whose "type" is the entity type "services".
/// 3. GeoReport's request "address" is text; the model's "address" is a schema.org PostalAddress
///    object, and it keeps the text as "address_string".
/// lat/long are also given as the model's GeoJSON "location", so the model checks the coordinates.
/// </remarks>
public static class Open311Schemas
{
    private static readonly Lazy<Loaded> Schemas = new(Load);

    /// <summary>A service of the service list, or a service definition.</summary>
    public static void AssertServiceFits(JsonElement service) =>
        AssertFits(Schemas.Value.Services, AsEntity(service, "services", "service_code"), service);

    /// <summary>A request of GET requests, or a receipt of POST requests.</summary>
    public static void AssertRequestFits(JsonElement request) =>
        AssertFits(Schemas.Value.Requests, AsEntity(request, "service_requests", "service_request_id"), request);

    /// <summary>The schema's verdict on one served object, with every error; for tests of the check itself.</summary>
    public static (bool Valid, string Errors) EvaluateRequest(JsonElement request) =>
        Evaluate(Schemas.Value.Requests, AsEntity(request, "service_requests", "service_request_id"));

    private static void AssertFits(JsonSchema schema, JsonObject entity, JsonElement served)
    {
        var (valid, errors) = Evaluate(schema, entity);
        Assert.True(valid, $"{served.GetRawText()}{Environment.NewLine}does not fit the schema:{Environment.NewLine}{errors}");
    }

    private static (bool Valid, string Errors) Evaluate(JsonSchema schema, JsonObject entity)
    {
        var result = schema.Evaluate(entity, Schemas.Value.Options);
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Values)}");
        return (result.IsValid, string.Join(Environment.NewLine, errors));
    }

    private static JsonObject AsEntity(JsonElement served, string entityType, string idMember)
    {
        Assert.Equal(JsonValueKind.Object, served.ValueKind);
        var entity = JsonNode.Parse(served.GetRawText())!.AsObject();
        if (entity["type"] is { } open311Type)
        {
            entity.Remove("type");
            entity["open311:type"] = open311Type;
        }
        if (entity["metadata"] is { } metadata)
        {
            entity.Remove("metadata");
            entity["open311:metadata"] = metadata;
        }
        if (entity["address"] is { } address)
        {
            entity.Remove("address");
            entity["address_string"] = address;
        }
        if (entity["lat"] is { } lat && entity["long"] is { } lon)
        {
            entity["location"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon.DeepClone(), lat.DeepClone()) };
        }
        string id = entity[idMember] is JsonValue idValue && idValue.TryGetValue(out string? text) ? text : "unknown";
        entity["id"] = $"urn:ngsi-ld:{entityType}:{id}";
        entity["type"] = entityType;
        return entity;
    }

    private sealed record Loaded(JsonSchema Services, JsonSchema Requests, EvaluationOptions Options);

    private static Loaded Load()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Open311", "Schemas");
        JsonSchema Read(string file) => JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, file)));
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        options.SchemaRegistry.Register(Read("common-schema.json"));
        return new Loaded(Read("services.schema.json"), Read("service_requests.schema.json"), options);
    }
}
