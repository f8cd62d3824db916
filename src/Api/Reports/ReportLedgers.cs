using SmartCity.Grains.City;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Reports;

/// <summary>Asks the district ledgers and merges their answers: one ledger when the district is known, all of them otherwise.</summary>
public sealed class ReportLedgers(IGrainFactory grains, CityMap city)
{
    /// <summary>Matching summaries, newest first, at most the filter's limit.</summary>
    public async Task<ReportSummary[]> FindAsync(ReportFilter filter, string? districtId = null)
    {
        var answers = await Task.WhenAll(Ledgers(districtId).Select(ledger => ledger.FindAsync(filter)));
        return answers.SelectMany(a => a)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(filter.Limit)
            .ToArray();
    }

    public async Task<FeedItem[]> FeedAsync(FeedFilter filter, string? districtId = null)
    {
        var answers = await Task.WhenAll(Ledgers(districtId).Select(ledger => ledger.FeedAsync(filter)));
        return answers.SelectMany(a => a)
            .OrderByDescending(item => item.At).ThenByDescending(item => item.Kind).ThenBy(item => item.ReportId, StringComparer.Ordinal)
            .Take(filter.Limit)
            .ToArray();
    }

    private IEnumerable<IReportLedgerGrain> Ledgers(string? districtId) =>
        (districtId is null ? city.Definition.Districts.Select(d => d.Id) : [districtId])
            .Select(id => grains.GetGrain<IReportLedgerGrain>(ReportLedgerGrain.KeyFor(id)));
}
