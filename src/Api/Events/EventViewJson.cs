using System.Text.Json;
using SmartCity.Grains.Events;

namespace SmartCity.Api.Events;

/// <summary>A logged event written as JSON in the shape of <see cref="EventView"/>, for the live feed and the JSON Lines export.</summary>
internal static class EventViewJson
{
    /// <summary>
    /// Writes one event as a JSON object. The stored payload is already JSON and goes out as it is:
    /// parsing it again for every event would cost a busy feed, or an export of millions, dearly.
    /// </summary>
    public static void Write(Utf8JsonWriter json, LoggedEvent e)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", e.Sequence);
        json.WriteString("type", e.Type);
        json.WriteString("entityId", e.EntityId);
        json.WriteString("districtId", e.DistrictId);
        json.WriteString("gridCellId", e.GridCellId);
        json.WriteString("eventTime", e.EventTime);
        json.WriteString("loggedAt", e.LoggedAt);
        json.WritePropertyName("data");
        json.WriteRawValue(e.Payload, skipInputValidation: true);
        json.WriteEndObject();
    }
}
