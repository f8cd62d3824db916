using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using SmartCity.Api;
using SmartCity.Api.Hardening;
using SmartCity.Api.Security;
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
        builder.Services.AddExceptionHandler<ServiceUnavailableHandler>();
        // A clean stop flushes every grain's write-behind state; give it time on a big city.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        builder.UseOrleans(silo =>
        {
            bool shared = AddTwinStorage(silo, config, cityTime);
            AddClustering(silo, config.GetSection("Orleans"), shared);
            if (dashboard) silo.AddDashboard();
        });

        customize?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Who is calling first, so rate limits count per caller; then limits, so a flood of refused
        // calls is throttled too; then whether the caller may.
        app.UseAuthentication();
        app.UseSmartCityHardening();
        app.UseAuthorization();
        app.MapSmartCityApi();
        app.MapSmartCityObservability();
        // The dashboard cannot send a credential from the browser: it is off unless asked for, and then
        // belongs on a private network only.
        if (dashboard) app.MapOrleansDashboard(routePrefix: "/dashboard").ExcludeFromDescription().Public();
        RefuseUndeclaredEndpoints(app);
        return app;
    }

    /// <summary>An endpoint that says nothing about who may call it is a mistake the twin does not start with.</summary>
    private static void RefuseUndeclaredEndpoints(WebApplication app)
    {
        var undeclared = EndpointAccess.Undeclared(((IEndpointRouteBuilder)app).DataSources);
        if (undeclared.Count > 0)
            throw new InvalidOperationException(
                "These endpoints declare no access (.Public() or .ForRoles(...)): " + string.Join(", ", undeclared));
    }

    /// <summary>The shipped report categories, or the city's own file from Reports:CategoriesPath.</summary>
    private static ReportCatalog LoadReportCatalog(string? path) =>
        string.IsNullOrEmpty(path) ? ReportCatalog.Default : ReportCatalog.Load(path);

    // Reminders live with the grain state: a durable twin keeps both in the SQLite file (one silo) or in
    // PostgreSQL (any number of silos), a Memory twin forgets both at exit. True when the storage is
    // shared by a cluster.
    private static bool AddTwinStorage(ISiloBuilder silo, ConfigurationManager config, TimeProvider cityTime)
    {
        var storage = config.GetSection("Storage");
        string provider = storage["Provider"] ?? "Sqlite";
        bool shared = false;
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                string sqlitePath = storage["SqlitePath"] ?? "data/smartcity.db";
                silo.AddSqliteGrainStorage(StorageNames.Twin, sqlitePath);
                silo.AddSqliteReminders(sqlitePath);
                // The event log has a file of its own beside the twin's, so its writer never waits for theirs.
                string eventLogPath = storage["EventLogPath"] ?? Path.Combine(Path.GetDirectoryName(sqlitePath) ?? "", "events.db");
                silo.Services.AddSingleton<IEventLog>(services =>
                    new OutageTranslatingEventLog(new SqliteEventLog(eventLogPath, cityTime, services.GetRequiredService<EventBroadcast>())));
                break;
            case "memory":
                silo.AddMemoryGrainStorage(StorageNames.Twin);
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<IEventLog>(services => new InMemoryEventLog(cityTime, services.GetRequiredService<EventBroadcast>()));
                break;
            case "postgresql":
                string connectionString = config.GetConnectionString("PostgreSql")
                    ?? throw new OptionsValidationException("ConnectionStrings:PostgreSql", typeof(string),
                        ["Storage:Provider PostgreSql needs ConnectionStrings:PostgreSql (environment: ConnectionStrings__PostgreSql)."]);
                var dataSource = PostgresDatabase.CreateDataSource(connectionString);
                PostgresDatabase.PrepareAsync(
                        dataSource,
                        applySchema: storage.GetValue("ApplySchema", false),
                        waitForDatabase: storage.GetValue("WaitForDatabase", TimeSpan.FromSeconds(60)))
                    .GetAwaiter().GetResult();
                silo.Services.AddSingleton(dataSource);
                silo.AddPostgresGrainStorage(StorageNames.Twin, dataSource);
                silo.AddPostgresClusteringAndReminders(dataSource);
                // The log does not publish its own commits: the tail publishes every silo's, in order.
                silo.Services.AddSingleton<IEventLog>(_ => new OutageTranslatingEventLog(new PostgresEventLog(dataSource, cityTime)));
                silo.Services.AddHostedService<ClusterEventTail>();
                shared = true;
                break;
            default:
                throw new OptionsValidationException("Storage:Provider", typeof(string), [$"Storage:Provider '{provider}' is unknown; use Sqlite, Memory or PostgreSql."]);
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
        return shared;
    }

    /// <summary>
    /// One silo on loopback for embedded storage; for shared storage, a silo that other silos (and
    /// Kubernetes) can reach, found through the membership table in the database.
    /// </summary>
    private static void AddClustering(ISiloBuilder silo, IConfigurationSection orleans, bool sharedStorage)
    {
        int siloPort = orleans.GetValue("SiloPort", 11111);
        int gatewayPort = orleans.GetValue("GatewayPort", 30000);
        string serviceId = orleans["ServiceId"] ?? "smartcity";
        string clusterId = orleans["ClusterId"] ?? "smartcity-local";
        if (!sharedStorage)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
            return;
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = serviceId;
            options.ClusterId = clusterId;
        });
        // Listen on every interface, advertise the address the others should dial: an IP, or a host
        // name such as a compose service's. Loopback by default: silos on one machine.
        silo.ConfigureEndpoints(AdvertisedAddress(orleans["AdvertisedAddress"]), siloPort, gatewayPort, listenOnAnyHostAddress: true);
        // How fast a dead silo is noticed (Orleans:Membership:ProbeTimeout, NumMissedProbesLimit, ...);
        // Orleans' defaults unless configured.
        silo.Services.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));
        // In Kubernetes, Orleans takes the pod's name, IP and the cluster's ids from the pod
        // (deploy/kubernetes), and removes silos whose pods are gone.
        if (orleans.GetValue("Kubernetes", false)) silo.UseKubernetesHosting();
    }

    private static IPAddress AdvertisedAddress(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return IPAddress.Loopback;
        if (IPAddress.TryParse(configured, out var ip)) return ip;
        return Dns.GetHostAddresses(configured).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new OptionsValidationException("Orleans:AdvertisedAddress", typeof(string), [$"Orleans:AdvertisedAddress '{configured}' has no IPv4 address."]);
    }
}
