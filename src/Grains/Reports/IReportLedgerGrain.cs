using SmartCity.Grains.Geo;

namespace SmartCity.Grains.Reports;

/// <summary>
/// The public record of every report in one district (keyed "reports:{districtId}"): their
/// summaries without personal data, kept current by the reports themselves. Lists, the public
/// feed, Open311 queries and the supervision figures read it instead of visiting every report.
/// </summary>
[Alias("IReportLedgerGrain")]
public interface IReportLedgerGrain : IGrainWithStringKey
{
    /// <summary>Keeps the summary unless the ledger already has a newer version of it.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(ReportSummary summary);

    /// <summary>Summaries that match, newest first.</summary>
    [Alias("Find")]
    Task<ReportSummary[]> FindAsync(ReportFilter filter);

    /// <summary>"Urban management dynamic": what was reported and resolved, newest first (a resolution before its report at the same instant).</summary>
    [Alias("Feed")]
    Task<FeedItem[]> FeedAsync(FeedFilter filter);

    /// <summary>How many reports are open, and how many of those are past their deadline at <paramref name="now"/>.</summary>
    [Alias("CountOpen"), ReadOnly]
    Task<OpenReportCounts> CountOpenAsync(DateTimeOffset now);
}

/// <summary>Open reports of a district, and those of them overdue.</summary>
[GenerateSerializer, Immutable, Alias("OpenReportCounts")]
public sealed record OpenReportCounts(
    [property: Id(0)] int Open,
    [property: Id(1)] int Overdue);

/// <summary>Which reports to list; null fields do not filter. Official matches the assignee, the accountable official or an escalation.</summary>
[GenerateSerializer, Immutable, Alias("ReportFilter")]
public sealed record ReportFilter(
    [property: Id(0)] int Limit,
    [property: Id(1)] string? Category = null,
    [property: Id(2)] string? GridCellId = null,
    [property: Id(3)] string? Community = null,
    [property: Id(4)] string? OfficialId = null,
    [property: Id(5)] bool? Open = null,
    [property: Id(6)] DateTimeOffset? CreatedFrom = null,
    [property: Id(7)] DateTimeOffset? CreatedTo = null,
    [property: Id(8)] string? AccountableOfficialId = null)
{
    public bool Matches(ReportSummary report) =>
        (Category is null || report.Category == Category)
        && (GridCellId is null || report.GridCellId == GridCellId)
        && (Community is null || report.Community == Community)
        && (OfficialId is null || report.AssigneeId == OfficialId || report.AccountableOfficialId == OfficialId || report.EscalatedTo.Contains(OfficialId))
        && (AccountableOfficialId is null || report.AccountableOfficialId == AccountableOfficialId)
        && (Open is null || report.IsOpen == Open)
        && (CreatedFrom is null || report.CreatedAt >= CreatedFrom)
        && (CreatedTo is null || report.CreatedAt <= CreatedTo);
}

/// <summary>Which feed items to list, newest first, strictly before <see cref="Before"/> when given (paging).</summary>
[GenerateSerializer, Immutable, Alias("FeedFilter")]
public sealed record FeedFilter(
    [property: Id(0)] int Limit,
    [property: Id(1)] string? GridCellId = null,
    [property: Id(2)] string? Category = null,
    [property: Id(3)] DateTimeOffset? Before = null);

public enum FeedItemKind
{
    Reported,
    Resolved,
}

/// <summary>One line of the public feed: no reporter, no contact.</summary>
[GenerateSerializer, Immutable, Alias("FeedItem")]
public sealed record FeedItem(
    [property: Id(0)] string ReportId,
    [property: Id(1)] FeedItemKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Category,
    [property: Id(4)] string DistrictId,
    [property: Id(5)] string GridCellId,
    [property: Id(6)] GeoPoint Location,
    [property: Id(7)] string Text);

/// <summary>Persisted state of a district's ledger.</summary>
[GenerateSerializer, Alias("ReportLedgerState")]
public sealed class ReportLedgerState
{
    [Id(0)] public Dictionary<string, ReportSummary> Reports { get; set; } = [];
}
