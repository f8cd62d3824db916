using System.Text.Json;
using SmartCity.Grains.City;
using SmartCity.Grains.Quiz;

namespace SmartCity.Api.Quiz;

/// <summary>Turns the JSON body {citizenId, districtId, choice} into an answer to a question, or names every field at fault.</summary>
public static class QuizAnswerReader
{
    public const int MaxCitizenIdLength = 128;

    public static QuizAnswer? Read(JsonElement body, QuizQuestion question, CityMap city, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["Send a JSON object: {\"citizenId\": \"...\", \"districtId\": \"district:XH\", \"choice\": 0}."];
            return null;
        }
        string? citizenId = RequiredString(body, "citizenId", errors);
        if (citizenId is not null && (citizenId.Length > MaxCitizenIdLength || string.IsNullOrWhiteSpace(citizenId)))
        {
            errors["citizenId"] = [$"'citizenId' is 1 to {MaxCitizenIdLength} characters, not only spaces."];
        }
        string? districtId = RequiredString(body, "districtId", errors);
        if (districtId is not null && city.District(districtId) is null)
        {
            string known = string.Join(", ", city.Definition.Districts.Select(d => d.Id));
            errors["districtId"] = [$"There is no district '{QuizEndpoints.Clip(districtId)}' in the city; the districts are {known}."];
        }
        int? choice = Choice(body, question.Options.Count, errors);
        return errors.Count > 0 ? null : new QuizAnswer(citizenId!, districtId!, choice!.Value);
    }

    private static string? RequiredString(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            errors[name] = [$"'{name}' is required."];
            return null;
        }
        if (property.ValueKind != JsonValueKind.String || property.GetString() is not { Length: > 0 } text)
        {
            errors[name] = [$"'{name}' must be a non-empty string."];
            return null;
        }
        return text;
    }

    private static int? Choice(JsonElement body, int options, Dictionary<string, string[]> errors)
    {
        string range = $"the index of an option, 0 to {options - 1}";
        if (!body.TryGetProperty("choice", out var property) || property.ValueKind == JsonValueKind.Null)
        {
            errors["choice"] = [$"'choice' is required: {range}."];
            return null;
        }
        if (property.ValueKind != JsonValueKind.Number || !property.TryGetInt32(out int choice))
        {
            errors["choice"] = [$"'choice' must be a whole number, {range}; got {QuizEndpoints.Clip(property.GetRawText())}."];
            return null;
        }
        if (choice < 0 || choice >= options)
        {
            errors["choice"] = [$"'choice' must be {range}; got {choice}."];
            return null;
        }
        return choice;
    }
}
