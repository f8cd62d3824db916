using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;

namespace SmartCity.Grains.Reports;

/// <summary>Registers what report grains need from their silo.</summary>
public static class ReportServices
{
    public static IServiceCollection AddReports(this IServiceCollection services, ReportCatalog catalog)
    {
        services.AddSingleton(catalog);
        services.AddMetrics();
        services.AddSingleton<ReportMetrics>();
        services.AddSingleton<IReportWakeUps, ReminderWakeUps>();
        services.AddSingleton(provider => new ReportWorkflow(
            provider.GetRequiredService<CityMap>(), catalog, provider.GetRequiredService<IOptions<ReportOptions>>().Value));
        return services;
    }
}
