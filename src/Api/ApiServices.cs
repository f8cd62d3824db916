using Microsoft.Extensions.DependencyInjection;
using SmartCity.Api.City;
using SmartCity.Api.Events;
using SmartCity.Api.Facilities;
using SmartCity.Api.Grid;
using SmartCity.Api.Hardening;
using SmartCity.Api.Mqtt;
using SmartCity.Api.Ngsi;
using SmartCity.Api.Officials;
using SmartCity.Api.Open311;
using SmartCity.Api.OpenApi;
using SmartCity.Api.Parking;
using SmartCity.Api.Planning;
using SmartCity.Api.Quiz;
using SmartCity.Api.Readings;
using SmartCity.Api.Reports;
using SmartCity.Api.Security;
using SmartCity.Api.Supervision;
using SmartCity.Api.WebConsole;
using SmartCity.Grains.Events;

namespace SmartCity.Api;

/// <summary>Registers and maps the HTTP API.</summary>
public static class ApiServices
{
    public static IServiceCollection AddSmartCityApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => JsonNames.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddSmartCitySecurity();
        services.AddSingleton<ReadingIngest>();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section)
            .Validate(o => o.MaxReadingsInFlight > 0 && o.MaxUnloggedReadings > 0, "Ingest limits must be positive.").ValidateOnStart();
        services.AddSingleton<IngestAdmission>();
        services.AddSingleton<UnloggedReadings>();
        services.AddHostedService<UnloggedReadingsRetry>();
        services.AddSingleton<ReadingMetrics>();
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<ReportLedgers>();
        services.AddOptions<EventLogOptions>().BindConfiguration(EventLogOptions.Section)
            .Validate(options => options.SnapshotEvery > 0, "Events:SnapshotEvery must be positive.").ValidateOnStart();
        services.AddMqttIngest();
        services.AddApiReference();
        services.AddOptions<WebConsoleOptions>().BindConfiguration(WebConsoleOptions.Section);
        services.AddSingleton<WebConsoleFiles>();
        services.AddSmartCityHardening();
        return services;
    }

    public static IEndpointRouteBuilder MapSmartCityApi(this IEndpointRouteBuilder app)
    {
        // An endpoint that does nothing: the baseline the benchmark measures the real ones against.
        app.MapGet("/api/ping", () => Results.NoContent()).WithTags("Health").Public()
            .WithSummary("Does nothing: the baseline the benchmark measures against").Produces(StatusCodes.Status204NoContent);
        app.MapPost("/api/ping", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            return Results.NoContent();
        }).WithTags("Health").Public().WithSummary("Reads and drops the body: the baseline for POST benchmarks").Produces(StatusCodes.Status204NoContent);

        app.MapSecurityApi();
        app.MapCityApi();
        app.MapGridApi();
        app.MapParkingApi();
        app.MapFacilitiesApi();
        app.MapOfficialsApi();
        app.MapReadingsApi();
        app.MapQuizApi();
        app.MapReportsApi();
        app.MapScenariosApi();
        app.MapOpen311Api();
        app.MapSupervisionApi();
        app.MapEventsApi();
        app.MapNgsiLdApi();
        app.MapApiReference();
        app.MapWebConsole();
        return app;
    }
}
