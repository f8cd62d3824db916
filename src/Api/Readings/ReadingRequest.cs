using System.Text.Json;

namespace SmartCity.Api.Readings;

/// <summary>
/// One reading as a sensor sends it, for the API description of POST /api/readings; the endpoint
/// reads the JSON itself (<see cref="ReadingValidator"/>) so that every bad field is named.
/// </summary>
/// <param name="Value">true/false, 1/0 or "occupied"/"free" for a bay; a count for a car park; a status or count for a facility.</param>
public sealed record ReadingRequest(string ReadingId, string EntityId, string Type, JsonElement Value, DateTimeOffset ObservedAt);
