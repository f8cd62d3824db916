using Microsoft.Extensions.DependencyInjection;
using SmartCity.Grains.City;

namespace SmartCity.Grains.Planning;

/// <summary>Registers what planning grains and endpoints need from their silo.</summary>
public static class PlanningServices
{
    /// <summary>The planning snapshot of the city map, built once per silo on first use (it needs <see cref="CityMap"/>).</summary>
    public static IServiceCollection AddPlanning(this IServiceCollection services)
    {
        services.AddSingleton(provider => PlanningCity.FromCity(provider.GetRequiredService<CityMap>().Definition));
        return services;
    }
}
