using System.Net;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>
/// Hostile requests at every endpoint the twin maps (read from its routing table): never a server error
/// or a hang, every refusal in problem details naming the field, and a refused write changes nothing.
/// </summary>
[Collection(FuzzedTwin.Name)]
public sealed class EveryEndpointTests(FuzzTwin twin)
{
    [Fact]
    public void The_routing_table_gives_every_feature_to_the_fuzzer()
    {
        var names = twin.Endpoints.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("POST /api/readings/", names);
        Assert.Contains("POST /api/reports/{id}/acknowledge", names);
        Assert.Contains("GET /api/history/{entityId}", names);
        Assert.Contains("POST /open311/v2/requests.{format}", names);
        var withExamples = twin.Endpoints.Where(e => e.ExampleBody is not null).Select(e => e.Name).ToList();
        Assert.Contains("POST /api/reports/", withExamples);
        Assert.Contains("POST /api/readings/", withExamples);
    }

    [Fact]
    public void The_error_log_sees_what_the_twin_logs()
    {
        int before = twin.Errors.Count;

        twin.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmartCity.Api").LogError(new InvalidOperationException("thrown on purpose"), "Seen?");

        Assert.Contains(twin.Errors.Since(before), e => e.Contains("thrown on purpose", StringComparison.Ordinal));
    }

    [Fact]
    public Task Hostile_route_values_and_query_strings_get_no_server_error() =>
        ForEachEndpointAsync(twin.Endpoints, endpoint => FuzzRun.CheckAsync(
            $"route and query of {endpoint}",
            HostileRequests.Url(endpoint, twin.KnownIds),
            ciRuns: 10,
            request => SendAsync(request, checkState: false),
            request => request.ToString()));

    [Fact]
    public Task Hostile_bodies_get_a_problem_and_change_nothing_when_refused() =>
        ForEachEndpointAsync(twin.Endpoints.Where(e => e.TakesBody), endpoint => FuzzRun.CheckAsync(
            $"body of {endpoint}",
            HostileRequests.Body(endpoint, twin.KnownIds),
            ciRuns: 30,
            request => SendAsync(request, checkState: true),
            request => request.ToString()));

    [Fact]
    public Task Oversized_bodies_are_refused_without_a_server_error() =>
        ForEachEndpointAsync(twin.Endpoints.Where(e => e.TakesBody), endpoint => FuzzRun.CheckAsync(
            $"oversized body of {endpoint}",
            HostileRequests.Oversized(endpoint, twin.KnownIds),
            ciRuns: 2,
            request => SendAsync(request, checkState: true),
            request => request.ToString(),
            maxRuns: 6));

    private async Task SendAsync(HostileRequest request, bool checkState)
    {
        var before = checkState ? await twin.SnapshotAsync() : null;
        int errorsBefore = twin.Errors.Count;
        using var timeout = new CancellationTokenSource(FuzzTwin.RequestLimit);
        HttpStatusCode status;
        try
        {
            using var message = request.ToMessage();
            using var response = await twin.SendAsync(message, timeout.Token);
            status = await AnswerRules.AssertWellFormedAsync(request.PathAndQuery, response, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer within {FuzzTwin.RequestLimit.TotalSeconds} s.");
        }
        var errors = twin.Errors.Since(errorsBefore);
        Assert.True(errors.Count == 0, $"The twin logged an error answering {(int)status}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        if (before is null) return;
        if ((int)status >= 400)
        {
            var after = await twin.SnapshotAsync();
            Assert.True(before == after, $"A refused request ({(int)status}) changed the twin's state:{Environment.NewLine}before {before}{Environment.NewLine}after  {after}");
        }
        else
        {
            // An accepted write moves summaries a moment later; let them land before the next case's snapshot.
            await twin.SettledSnapshotAsync();
        }
    }

    /// <summary>Runs the property on each endpoint and reports every endpoint where it failed, not just the first.</summary>
    private async Task ForEachEndpointAsync(IEnumerable<ApiEndpoint> endpoints, Func<ApiEndpoint, Task> property)
    {
        var failures = new List<Exception>();
        foreach (var endpoint in endpoints)
        {
            try
            {
                await property(endpoint);
            }
            catch (FuzzFailureException failure)
            {
                failures.Add(failure);
            }
        }
        // Nothing thrown at it may have taken the twin down.
        using (var ping = new HttpRequestMessage(HttpMethod.Get, "/api/ping"))
        using (var alive = await twin.SendAsync(ping, CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.NoContent, alive.StatusCode);
        }
        if (failures.Count == 1) throw failures[0];
        if (failures.Count > 1) throw new AggregateException($"{failures.Count} endpoints failed.", failures);
    }
}
