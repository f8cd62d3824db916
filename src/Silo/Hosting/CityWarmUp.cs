using SmartCity.Grains.City;
using SmartCity.Grains.Grid;

namespace SmartCity.Silo.Hosting;

/// <summary>
/// Brings the city to life after the silo starts: activating the city grain activates every district
/// and grid cell, which load their last stored state, so the first queries find live summaries.
/// The city's static facts come from the city file at every start, so starting again, with the same
/// file or an edited one, never duplicates anything: seeding is idempotent by construction.
/// </summary>
public sealed class CityWarmUp(
    IGrainFactory grains, CityMap city, SeedRecorder seeds, IHostApplicationLifetime lifetime, ILogger<CityWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only once every hosted service, the silo among them, has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        CityView view;
        try
        {
            if (await seeds.RecordAsync(stoppingToken)) logger.LogInformation("The city or its settings changed since the last start: logged a seed event");
            view = await grains.GetGrain<ICityGrain>(ICityGrain.Key).GetAsync();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A failed warm-up (or seed event) must not stop the twin (a BackgroundService that throws stops the
            // host with exit code 0): grains activate on first use, and the cause is in this log.
            logger.LogError(error, "Warming up the city failed; districts and grid cells will activate on first use");
            return;
        }
        var d = city.Definition;
        logger.LogInformation(
            "City '{Name}' is live: {Districts} districts, {Cells} grid cells, {Bays} bays, {CarParks} car parks, {Facilities} facilities, {Officials} officials; {Free} bays known free",
            d.Name, d.Districts.Count, d.GridCells.Count, d.ParkingBays.Count, d.CarParks.Count, d.Facilities.Count, d.Officials.Count, view.Summary.Bays.Free);
    }
}
