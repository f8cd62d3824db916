using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartCity.Api.Tests;

/// <summary>What a client sees when a request is wrong: RFC 9457 problem details naming the fields at fault.</summary>
public static class ProblemAssert
{
    public const string MediaType = "application/problem+json";

    /// <summary>Asserts a problem answer with this status and returns its body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        return body;
    }

    /// <summary>Asserts a 400 whose errors name exactly these fields, each with a message, and returns its body.</summary>
    public static async Task<JsonElement> NamesFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNamesFields(body.GetProperty("errors"), fields);
        return body;
    }

    public static void AssertNamesFields(JsonElement errors, params string[] fields)
    {
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var field in fields)
        {
            var messages = errors.GetProperty(field);
            Assert.True(messages.GetArrayLength() > 0, $"'{field}' is named without a message.");
            Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        }
    }
}
