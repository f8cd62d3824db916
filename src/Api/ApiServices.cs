using Microsoft.Extensions.DependencyInjection;
using SmartCity.Api.City;
using SmartCity.Api.Facilities;
using SmartCity.Api.Grid;
using SmartCity.Api.Officials;
using SmartCity.Api.Parking;
using SmartCity.Api.Quiz;
using SmartCity.Api.Readings;

namespace SmartCity.Api;

/// <summary>Registers and maps the HTTP API.</summary>
public static class ApiServices
{
    public static IServiceCollection AddSmartCityApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => JsonNames.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddSingleton<ReadingIngest>();
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
        return app;
    }
}
