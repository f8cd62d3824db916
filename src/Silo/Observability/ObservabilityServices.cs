using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SmartCity.Api.Security;
using SmartCity.Grains.Telemetry;

namespace SmartCity.Silo.Observability;

/// <summary>
/// Metrics at /metrics (Prometheus text, via OpenTelemetry) and health at /health/live and /health/ready.
/// Exported meters: the city's own ("SmartCity"), Orleans' ("Microsoft.Orleans"), ASP.NET Core's and the .NET runtime's.
/// </summary>
public static class ObservabilityServices
{
    public const string OrleansMeter = "Microsoft.Orleans";

    private const string Live = "live";
    private const string Ready = "ready";

    // A storage read slower than this counts as storage not answering.
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddSmartCityObservability(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("smartcity"))
            .WithMetrics(metrics => metrics
                .AddMeter(SmartCityMeter.Name, OrleansMeter)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // No cached answers: a scrape right after a change shows it (Prometheus scrapes every 15 s anyway).
                .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));

        services.AddOptions<CityGaugeOptions>().BindConfiguration(CityGaugeOptions.Section)
            .Validate(options => options.GaugeRefreshInterval > TimeSpan.Zero, "Observability:GaugeRefreshInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<CityGauges>();
        services.AddHostedService<CityGaugesRefresher>();

        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("The process is up and serving HTTP."), [Live])
            .AddCheck<SiloActiveCheck>("silo", tags: [Ready])
            .AddCheck<StorageAnswersCheck>("storage", tags: [Ready], timeout: StorageTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapSmartCityObservability(this IEndpointRouteBuilder app)
    {
        // Metrics and health are read by Prometheus and the orchestrator, which send no credential: keep the
        // port they are served on inside the cluster's network (deploy/README.md).
        app.MapPrometheusScrapingEndpoint("/metrics").Public();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Live), ResponseWriter = HealthAnswer.WriteAsync }).Public();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = HealthAnswer.WriteAsync }).Public();
        return app;
    }
}
