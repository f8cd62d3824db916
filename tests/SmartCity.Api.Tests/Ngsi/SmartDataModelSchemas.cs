using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartCity.Api.Tests.Ngsi;

/// <summary>
/// Checks NGSI-LD entities in the simplified (keyValues) representation against the Smart Data
/// Models schemas in Schemas/ (see SOURCE.md), offline: common-schema.json is registered under its $id.
/// </summary>
public static class SmartDataModelSchemas
{
    private static readonly Lazy<Loaded> Schemas = new(Load);

    public static void AssertFits(JsonElement entity)
    {
        var (valid, errors) = Evaluate(entity);
        Assert.True(valid, $"{entity.GetRawText()}{Environment.NewLine}does not fit its Smart Data Model:{Environment.NewLine}{errors}");
    }

    /// <summary>The verdict of the schema of the entity's type, with every error.</summary>
    public static (bool Valid, string Errors) Evaluate(JsonElement entity)
    {
        string type = entity.GetProperty("type").GetString()!;
        var schema = type switch
        {
            "ParkingSpot" => Schemas.Value.ParkingSpot,
            "OffStreetParking" => Schemas.Value.OffStreetParking,
            _ => throw new ArgumentException($"No schema here for type '{type}'.", nameof(entity)),
        };
        var result = schema.Evaluate(JsonNode.Parse(entity.GetRawText()), Schemas.Value.Options);
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Values)}");
        return (result.IsValid, string.Join(Environment.NewLine, errors));
    }

    private sealed record Loaded(JsonSchema ParkingSpot, JsonSchema OffStreetParking, EvaluationOptions Options);

    private static Loaded Load()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Ngsi", "Schemas");
        JsonSchema Read(string file) => JsonSchema.FromText(File.ReadAllText(Path.Combine(folder, file)));
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        options.SchemaRegistry.Register(Read("common-schema.json"));
        return new Loaded(Read("ParkingSpot.schema.json"), Read("OffStreetParking.schema.json"), options);
    }
}
