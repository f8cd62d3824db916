using SmartCity.Grains.City;

namespace SmartCity.Silo.Hosting;

/// <summary>Loads the city named by configuration: a GeoJSON file (City:Path) or the generated demo city.</summary>
public static class CityLoader
{
    public static CityMap Load(IConfiguration config)
    {
        string? path = config["City:Path"];
        if (!string.IsNullOrWhiteSpace(path)) return new CityMap(CityFile.ReadFile(path));
        int seed = config.GetValue("City:Seed", DemoCityGenerator.DefaultSeed);
        return new CityMap(DemoCityGenerator.Generate(seed));
    }
}
