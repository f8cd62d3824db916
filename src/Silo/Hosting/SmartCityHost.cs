using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using SmartCity.Api;
using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Planning;
using SmartCity.Grains.Reports;
using SmartCity.Silo.Observability;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Hosting;

/// <summary>
/// Builds the single-process twin: an Orleans silo with the HTTP API co-hosted in it. Program, the
/// tests and the benchmark all start the twin through here, so they run the same thing.
/// </summary>
public static class SmartCityHost
{
    // Short command-line switches for the settings a newcomer changes first.
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--city"] = "City:Path",
        ["--seed"] = "City:Seed",
        ["--db"] = "Storage:SqlitePath",
        ["--storage"] = "Storage:Provider",
    };

    /// <param name="cityTime">
    /// The twin's clock: the system's, unless a replay drives the twin on virtual time. Orleans
    /// itself (timers, membership) always runs on the system clock.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null, TimeProvider? cityTime = null)
    {
        cityTime ??= TimeProvider.System;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the binaries; relative data paths stay relative to the working folder.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, Switches);
        var config = builder.Configuration;

        var city = CityLoader.Load(config);
        // The Orleans Dashboard (grains, calls, silos) is off unless asked for: it has no access control of its own.
        bool dashboard = config.GetValue("Orleans:Dashboard:Enabled", false);
        builder.Services.AddTwin(city, cityTime);
        builder.Services.Configure<TwinOptions>(config.GetSection(TwinOptions.Section));
        builder.Services.AddSingleton(QuizLoader.Load(config));
        builder.Services.AddReports(LoadReportCatalog(config["Reports:CategoriesPath"]));
        builder.Services.AddPlanning();
        builder.Services.Configure<ReportOptions>(config.GetSection(ReportOptions.Section));
        builder.Services.AddSmartCityApi();
        builder.Services.AddSingleton<SeedRecorder>();
        builder.Services.AddHostedService<CityWarmUp>();
        builder.Services.AddSmartCityObservability();
        // A clean stop flushes every grain's write-behind state; give it time on a big city.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        builder.UseOrleans(silo =>
        {
            var orleans = config.GetSection("Orleans");
            silo.UseLocalhostClustering(
                siloPort: orleans.GetValue("SiloPort", 11111),
                gatewayPort: orleans.GetValue("GatewayPort", 30000),
                serviceId: orleans["ServiceId"] ?? "smartcity",
                clusterId: orleans["ClusterId"] ?? "smartcity-local");
            AddTwinStorage(silo, config.GetSection("Storage"), cityTime);
            if (dashboard) silo.AddDashboard();
        });

        customize?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapSmartCityApi();
        app.MapSmartCityObservability();
        if (dashboard) app.MapOrleansDashboard(routePrefix: "/dashboard").ExcludeFromDescription();
        return app;
    }

    /// <summary>The shipped report categories, or the city's own file from Reports:CategoriesPath.</summary>
    private static ReportCatalog LoadReportCatalog(string? path) =>
        string.IsNullOrEmpty(path) ? ReportCatalog.Default : ReportCatalog.Load(path);

    // Reminders live with the grain state: a durable twin keeps both in the SQLite file, a Memory
    // twin forgets both at exit.
    private static void AddTwinStorage(ISiloBuilder silo, IConfigurationSection storage, TimeProvider cityTime)
    {
        string provider = storage["Provider"] ?? "Sqlite";
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                string sqlitePath = storage["SqlitePath"] ?? "data/smartcity.db";
                silo.AddSqliteGrainStorage(StorageNames.Twin, sqlitePath);
                silo.AddSqliteReminders(sqlitePath);
                // The event log has a file of its own beside the twin's, so its writer never waits for theirs.
                string eventLogPath = storage["EventLogPath"] ?? Path.Combine(Path.GetDirectoryName(sqlitePath) ?? "", "events.db");
                silo.Services.AddSingleton<IEventLog>(services =>
                    new SqliteEventLog(eventLogPath, cityTime, services.GetRequiredService<EventBroadcast>()));
                break;
            case "memory":
                silo.AddMemoryGrainStorage(StorageNames.Twin);
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<IEventLog>(services => new InMemoryEventLog(cityTime, services.GetRequiredService<EventBroadcast>()));
                break;
            default:
                throw new OptionsValidationException("Storage:Provider", typeof(string), [$"Storage:Provider '{provider}' is unknown; use Sqlite or Memory."]);
        }

        // Read from the host's configuration rather than the Storage section; unset keeps Orleans' default.
        silo.Services.AddOptions<ReminderOptions>()
            .Configure<IConfiguration>((options, config) =>
            {
                if (config.GetValue<TimeSpan?>("Reminders:MinimumPeriod") is { } minimumPeriod)
                {
                    options.MinimumReminderPeriod = minimumPeriod;
                }
            })
            .Validate(options => options.MinimumReminderPeriod > TimeSpan.Zero, "Reminders:MinimumPeriod must be positive.")
            .ValidateOnStart();
    }
}
