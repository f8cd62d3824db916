using Microsoft.Extensions.Options;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Reports;

namespace SmartCity.Silo.Observability;

/// <summary>
/// Fetches the figures of <see cref="CityGauges"/> every <see cref="CityGaugeOptions.GaugeRefreshInterval"/>:
/// one call to the city grain (which the districts keep current) and one to each district's report
/// ledger. A failed fetch keeps the last figures and is logged; the next one tries again.
/// </summary>
public sealed class CityGaugesRefresher(
    IGrainFactory grains,
    CityMap city,
    CityClock clock,
    CityGauges gauges,
    IOptions<CityGaugeOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<CityGaugesRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only once every hosted service, the silo among them, has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var timer = new PeriodicTimer(options.Value.GaugeRefreshInterval);
        try
        {
            // Not once the host is stopping: a call then can find the silo leaving, which Orleans logs as a failure.
            do
            {
                await RefreshAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken) && !lifetime.ApplicationStopping.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            gauges.Update(await FetchAsync());
        }
        catch (Exception error)
        {
            // While the host stops, the silo may be gone already: nothing worth reporting then.
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogWarning(error, "Refreshing the city gauges failed; /metrics keeps the figures of {FetchedAt}", gauges.FetchedAt);
            }
        }
    }

    private async Task<CityFigures> FetchAsync()
    {
        var now = clock.Now;
        var districtIds = city.Definition.Districts.Select(d => d.Id).ToArray();
        var view = grains.GetGrain<ICityGrain>(ICityGrain.Key).GetAsync();
        var reports = Task.WhenAll(districtIds.Select(id =>
            grains.GetGrain<IReportLedgerGrain>(ReportLedgerGrain.KeyFor(id)).CountOpenAsync(now)));
        var counts = await reports;
        return new CityFigures(
            now,
            (await view).Districts,
            districtIds.Zip(counts).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal));
    }
}

/// <summary>
/// Settings of the city gauges (section "Observability"; "Metrics" is .NET's own, for which meters are on).
/// </summary>
public sealed class CityGaugeOptions
{
    public const string Section = "Observability";

    /// <summary>How often the gauges' figures are fetched from the grains.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
