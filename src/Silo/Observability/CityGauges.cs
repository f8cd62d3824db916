using System.Diagnostics.Metrics;
using SmartCity.Api;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Reports;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Silo.Observability;

/// <summary>
/// The city-at-a-glance gauges of the SmartCity meter. Their callbacks read the last figures that
/// <see cref="CityGaugesRefresher"/> fetched and never call a grain: a scrape must not wait on the
/// cluster, nor load it. Before the first refresh they report nothing rather than zeros.
/// </summary>
public sealed class CityGauges
{
    private static readonly (FacilityKind Kind, string Name)[] Kinds =
        [.. Enum.GetValues<FacilityKind>().Select(kind => (kind, JsonNames.CamelCase(kind.ToString())))];

    private volatile CityFigures? _figures;

    public CityGauges(IMeterFactory meters)
    {
        var meter = meters.Create(SmartCityMeter.Name);
        meter.CreateObservableGauge("smartcity.bays", Bays, "{bay}",
            "Kerbside bays by live status (free, occupied, unknown: sensor silent or never heard), by district.");
        meter.CreateObservableGauge("smartcity.facilities", Facilities, "{facility}",
            "Facilities by status now (open, closed, outOfOrder, unknown), by district and kind.");
        meter.CreateObservableGauge("smartcity.reports.open", () => Reports(counts => counts.Open), "{report}",
            "Citizen reports open (submitted, acknowledged or reopened), by district.");
        meter.CreateObservableGauge("smartcity.reports.overdue", () => Reports(counts => counts.Overdue), "{report}",
            "Open citizen reports past the deadline they wait on, by district.");
    }

    /// <summary>When the figures were last fetched; null before the first time.</summary>
    public DateTimeOffset? FetchedAt => _figures?.FetchedAt;

    public void Update(CityFigures figures) => _figures = figures;

    private IEnumerable<Measurement<int>> Bays()
    {
        if (_figures is not { } figures) yield break;
        foreach (var district in figures.Districts)
        {
            var bays = district.Summary.Bays;
            yield return new Measurement<int>(bays.Free, District(district), Status("free"));
            yield return new Measurement<int>(bays.Occupied, District(district), Status("occupied"));
            yield return new Measurement<int>(bays.Unknown, District(district), Status("unknown"));
        }
    }

    private IEnumerable<Measurement<int>> Facilities()
    {
        if (_figures is not { } figures) yield break;
        foreach (var district in figures.Districts)
        {
            foreach (var (kind, name) in Kinds)
            {
                var counts = district.Summary.Facilities.GetValueOrDefault(kind, FacilityCounts.None);
                var kindTag = new KeyValuePair<string, object?>("kind", name);
                yield return new Measurement<int>(counts.OpenNow, District(district), kindTag, Status("open"));
                yield return new Measurement<int>(counts.Closed, District(district), kindTag, Status("closed"));
                yield return new Measurement<int>(counts.OutOfOrder, District(district), kindTag, Status("outOfOrder"));
                yield return new Measurement<int>(counts.Unknown, District(district), kindTag, Status("unknown"));
            }
        }
    }

    private IEnumerable<Measurement<int>> Reports(Func<OpenReportCounts, int> figure)
    {
        if (_figures is not { } figures) yield break;
        foreach (var (districtId, counts) in figures.ReportsByDistrict)
        {
            yield return new Measurement<int>(figure(counts), new KeyValuePair<string, object?>("district", districtId));
        }
    }

    private static KeyValuePair<string, object?> District(AreaView district) => new("district", district.Id);

    private static KeyValuePair<string, object?> Status(string status) => new("status", status);
}

/// <summary>What the gauges show: each district's live summary and its open reports, as fetched at one moment.</summary>
public sealed record CityFigures(
    DateTimeOffset FetchedAt,
    IReadOnlyList<AreaView> Districts,
    IReadOnlyDictionary<string, OpenReportCounts> ReportsByDistrict);
