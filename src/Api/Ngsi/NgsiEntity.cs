using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartCity.Api.Ngsi;

/// <summary>What an NGSI-LD attribute (an entity member besides id and type) is (ETSI GS CIM 009 V1.8.1 clauses 4.5, 5.2.5-5.2.7).</summary>
public enum NgsiMemberKind
{
    Property,
    Relationship,
    GeoProperty,
}

/// <summary>One attribute of an entity: its value as the Smart Data Model writes it, and when the twin observed it.</summary>
public sealed record NgsiMember(string Name, NgsiMemberKind Kind, JsonNode Value, DateTimeOffset? ObservedAt = null);

/// <summary>An NGSI-LD entity, written in the normalized or the simplified (keyValues) representation.</summary>
public sealed record NgsiEntity(string Id, string Type, IReadOnlyList<NgsiMember> Attributes)
{
    public NgsiMember? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>
    /// Normalized (clause 4.5): every attribute an object with its type, "value" (or "object" for a
    /// Relationship) and "observedAt". Simplified, options=keyValues (clause 4.5.3): attribute name
    /// to bare value, the shape the Smart Data Models schemas describe. The @context member is
    /// written only for application/ld+json (clause 6.3.5).
    /// </summary>
    public JsonObject Render(bool keyValues, IReadOnlyList<string>? context)
    {
        var entity = new JsonObject { ["id"] = Id, ["type"] = Type };
        foreach (var attribute in Attributes)
        {
            entity[attribute.Name] = keyValues ? attribute.Value.DeepClone() : Normalized(attribute);
        }
        if (context is not null) entity["@context"] = new JsonArray([.. context.Select(c => (JsonNode?)JsonValue.Create(c))]);
        return entity;
    }

    private static JsonObject Normalized(NgsiMember attribute)
    {
        var member = new JsonObject { ["type"] = attribute.Kind.ToString() };
        member[attribute.Kind == NgsiMemberKind.Relationship ? "object" : "value"] = attribute.Value.DeepClone();
        if (attribute.ObservedAt is { } observedAt)
        {
            member["observedAt"] = observedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        return member;
    }
}
