using Microsoft.Extensions.Configuration;
using SmartCity.Grains.City;
using SmartCity.Silo.Hosting;

namespace SmartCity.Silo.Tests.Hosting;

/// <summary>Which city the silo runs: the generated demo city, or a user's GeoJSON file.</summary>
public sealed class CityLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-city-").FullName;

    [Fact]
    public void Without_a_city_file_the_demo_city_is_loaded()
    {
        var city = CityLoader.Load(Config());

        Assert.Equal("Hangzhou (demo)", city.Definition.Name);
        Assert.Equal(400, city.Definition.GridCells.Count);
    }

    [Fact]
    public void A_generated_city_file_is_loaded_back_with_the_same_entities()
    {
        string path = Path.Combine(_folder, "city.geojson");
        Assert.Equal(0, CityCommands.GenerateCity(path, ["--seed", "7"]));

        var fromFile = CityLoader.Load(Config(("City:Path", path)));
        var generated = DemoCityGenerator.Generate(7);

        Assert.Equal(generated.ParkingBays.Count, fromFile.Definition.ParkingBays.Count);
        Assert.Equal(generated.ParkingBays[123], fromFile.Definition.ParkingBays[123]);
    }

    [Fact]
    public void A_city_file_with_a_bad_field_stops_the_start_naming_feature_and_field()
    {
        string path = Path.Combine(_folder, "bad.geojson");
        CityCommands.GenerateCity(path, []);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"capacity\":", "\"capacity\":-", StringComparison.Ordinal));

        var error = Assert.Throws<CityFileException>(() => CityLoader.Load(Config(("City:Path", path))));

        Assert.Contains(error.Errors, e => e.Field == "properties.capacity" && e.Feature.Contains("carpark:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_seed_on_the_command_line_is_refused()
    {
        Assert.Equal(2, CityCommands.GenerateCity(Path.Combine(_folder, "x.geojson"), ["--seed", "many"]));
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
