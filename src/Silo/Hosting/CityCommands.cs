using System.Globalization;
using SmartCity.Grains.City;

namespace SmartCity.Silo.Hosting;

/// <summary>Command-line helpers around city files.</summary>
public static class CityCommands
{
    public static int GenerateCity(string outputPath, string[] options)
    {
        int seed = DemoCityGenerator.DefaultSeed;
        if (options is ["--seed", var text, ..] && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            Console.Error.WriteLine($"--seed must be a whole number; got '{text}'.");
            return 2;
        }
        var city = DemoCityGenerator.Generate(seed);
        using (var file = File.Create(outputPath)) CityFile.Write(city, file);
        Console.WriteLine($"Wrote {city.Name} (seed {seed}) to {outputPath}: {city.GridCells.Count} grid cells, {city.ParkingBays.Count} bays, {city.CarParks.Count} car parks, {city.Facilities.Count} facilities, {city.Officials.Count} officials.");
        return 0;
    }
}
