using Microsoft.Extensions.DependencyInjection;
using SmartCity.Grains.City;
using SmartCity.Grains.Events;
using SmartCity.Grains.Grid;

namespace SmartCity.Grains;

/// <summary>Registers what the twin's grains need from their silo.</summary>
public static class TwinServices
{
    /// <param name="cityTime">The clock of the city's rules; the Orleans runtime keeps the real one.</param>
    public static IServiceCollection AddTwin(this IServiceCollection services, CityMap city, TimeProvider cityTime)
    {
        services.AddSingleton(city);
        services.AddSingleton(new CityClock(cityTime));
        services.AddSingleton<CellUpdateRelay>();
        services.AddSingleton<EventBroadcast>();
        return services;
    }
}
