using Microsoft.Extensions.DependencyInjection;
using SmartCity.Api.City;
using SmartCity.Api.Facilities;
using SmartCity.Api.Grid;
using SmartCity.Api.Officials;
using SmartCity.Api.Open311;
using SmartCity.Api.Parking;
using SmartCity.Api.Quiz;
using SmartCity.Api.Readings;
using SmartCity.Api.Reports;
using SmartCity.Api.Supervision;

namespace SmartCity.Api;

/// <summary>Registers and maps the HTTP API.</summary>
public static class ApiServices
{
    public static IServiceCollection AddSmartCityApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => JsonNames.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddSingleton<ReadingIngest>();
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<ReportLedgers>();
        services.AddOptions<Open311Options>().BindConfiguration(Open311Options.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapSmartCityApi(this IEndpointRouteBuilder app)
    {
        // An endpoint that does nothing: the baseline the benchmark measures the real ones against.
        app.MapGet("/api/ping", () => Results.NoContent()).WithTags("Health");
        app.MapPost("/api/ping", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            return Results.NoContent();
        }).WithTags("Health");

        app.MapCityApi();
        app.MapGridApi();
        app.MapParkingApi();
        app.MapFacilitiesApi();
        app.MapOfficialsApi();
        app.MapReadingsApi();
        app.MapQuizApi();
        app.MapReportsApi();
        app.MapOpen311Api();
        app.MapSupervisionApi();
        return app;
    }
}
