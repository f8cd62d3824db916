using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.Persistence;

namespace SmartCity.Grains.Reports;

/// <summary>
/// A district's report ledger. It is a projection of the reports, which stay the source of truth:
/// it is written behind (a crash may lose its last few seconds) and every report publishes its
/// summary again whenever it activates or changes.
/// </summary>
public sealed class ReportLedgerGrain(
    [PersistentState("reportledger", StorageNames.Twin)] IPersistentState<ReportLedgerState> state,
    IOptions<TwinOptions> options,
    ILogger<ReportLedgerGrain> logger) : Grain, IReportLedgerGrain
{
    private WriteBehind<ReportLedgerState> _writeBehind = null!;

    public static string KeyFor(string districtId) => $"reports:{districtId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writeBehind = new WriteBehind<ReportLedgerState>(this, state, options.Value.WriteBehindInterval, logger);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind.FlushAsync();

    public Task UpsertAsync(ReportSummary summary)
    {
        var reports = state.State.Reports;
        if (!reports.TryGetValue(summary.Id, out var known) || known.Version < summary.Version)
        {
            reports[summary.Id] = summary;
            _writeBehind.MarkChanged();
        }
        return Task.CompletedTask;
    }

    public Task<ReportSummary[]> FindAsync(ReportFilter filter) => Task.FromResult(
        state.State.Reports.Values
            .Where(filter.Matches)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(filter.Limit)
            .ToArray());

    public Task<FeedItem[]> FeedAsync(FeedFilter filter) => Task.FromResult(
        state.State.Reports.Values
            .Where(r => (filter.GridCellId is null || r.GridCellId == filter.GridCellId) && (filter.Category is null || r.Category == filter.Category))
            .SelectMany(FeedItems)
            .Where(item => filter.Before is null || item.At < filter.Before)
            .OrderByDescending(item => item.At).ThenByDescending(item => item.Kind).ThenBy(item => item.ReportId, StringComparer.Ordinal)
            .Take(filter.Limit)
            .ToArray());

    public Task<OpenReportCounts> CountOpenAsync(DateTimeOffset now)
    {
        int open = 0, overdue = 0;
        foreach (var report in state.State.Reports.Values)
        {
            if (!report.IsOpen) continue;
            open++;
            if (report.IsOverdueAt(now)) overdue++;
        }
        return Task.FromResult(new OpenReportCounts(open, overdue));
    }

    private static IEnumerable<FeedItem> FeedItems(ReportSummary report)
    {
        yield return new FeedItem(report.Id, FeedItemKind.Reported, report.CreatedAt, report.Category, report.DistrictId,
            report.GridCellId, report.Location, report.Description);
        if (report.ResolvedAt is { } resolvedAt && report.Status is ReportStatus.Resolved or ReportStatus.Closed)
        {
            yield return new FeedItem(report.Id, FeedItemKind.Resolved, resolvedAt, report.Category, report.DistrictId,
                report.GridCellId, report.Location, report.Resolution ?? "");
        }
    }
}
