using SmartCity.Grains.Reports;

namespace SmartCity.Api.Supervision;

/// <summary>Figures of one official, grid, community, district or the city over 7 days, 30 days and all time.</summary>
public sealed record PerformanceView(
    string Scope, string Id, string Name, DateTimeOffset At, ReportFigures Last7Days, ReportFigures Last30Days, ReportFigures AllTime)
{
    public static PerformanceView Of(string scope, string id, string name, IReadOnlyList<ReportSummary> reports, DateTimeOffset now) => new(
        scope, id, name, now,
        ReportFigures.Compute(reports, now, now - TimeSpan.FromDays(7)),
        ReportFigures.Compute(reports, now, now - TimeSpan.FromDays(30)),
        ReportFigures.Compute(reports, now, null));
}

/// <summary>A grid or official that takes part in the ranking.</summary>
public sealed record Contender(string Id, string Name, string? DistrictId);

public sealed record LeaderboardEntry(int Rank, string Id, string Name, string? DistrictId, ReportFigures Figures);

public sealed record LeaderboardView(string Window, string SortBy, DateTimeOffset At, int Contenders, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>Ranks grids or officials by one figure; those without that figure (no reports yet) come last.</summary>
public static class Leaderboard
{
    public sealed record WindowChoice(string Name, TimeSpan? Length);

    private static readonly WindowChoice[] Windows = [new("7d", TimeSpan.FromDays(7)), new("30d", TimeSpan.FromDays(30)), new("all", null)];

    /// <summary>Each figure a leaderboard can sort by, and whether a higher value ranks first.</summary>
    private static readonly Dictionary<string, (Func<ReportFigures, double?> Value, bool HigherIsBetter)> Orders = new()
    {
        ["shareResolvedWithinDeadline"] = (f => f.ShareResolvedWithinDeadline, true),
        ["averageRating"] = (f => f.AverageRating, true),
        ["medianTimeToAcknowledge"] = (f => f.TimeToAcknowledge.MedianSeconds, false),
        ["medianTimeToResolve"] = (f => f.TimeToResolve.MedianSeconds, false),
        ["p90TimeToResolve"] = (f => f.TimeToResolve.P90Seconds, false),
        ["overdue"] = (f => f.Reported == 0 ? null : f.Overdue, false),
        ["reopenRate"] = (f => f.ReopenRate, false),
    };

    public static WindowChoice Window(QueryParameters query)
    {
        string name = query.Choice("window", Windows.Select(w => w.Name)) ?? "30d";
        return Windows.First(w => w.Name == name);
    }

    public static string SortOrder(QueryParameters query) => query.Choice("sortBy", Orders.Keys) ?? "shareResolvedWithinDeadline";

    public static LeaderboardView Rank(
        IEnumerable<Contender> contenders, ILookup<string, ReportSummary> reportsOf, WindowChoice window, string sortBy, DateTimeOffset now, int limit)
    {
        var (value, higherIsBetter) = Orders[sortBy];
        var since = window.Length is { } length ? now - length : (DateTimeOffset?)null;
        var scored = contenders
            .Select(c => (Contender: c, Figures: ReportFigures.Compute(reportsOf[c.Id], now, since)))
            .Select(x => (x.Contender, x.Figures, Value: value(x.Figures)))
            .OrderBy(x => x.Value is null)
            .ThenBy(x => higherIsBetter ? -(x.Value ?? 0) : x.Value ?? 0)
            .ThenBy(x => x.Contender.Id, StringComparer.Ordinal)
            .ToList();
        var entries = scored.Take(limit)
            .Select((x, i) => new LeaderboardEntry(i + 1, x.Contender.Id, x.Contender.Name, x.Contender.DistrictId, x.Figures))
            .ToArray();
        return new LeaderboardView(window.Name, sortBy, now, scored.Count, entries);
    }
}
