using System.Text;
using CsCheck;
using Microsoft.Extensions.Configuration;
using SmartCity.Grains.City;
using SmartCity.Grains.Tests.City;
using SmartCity.Silo.Hosting;

namespace SmartCity.Fuzz.Tests.City;

/// <summary>
/// The city file (--city path) broken in many ways at once: the loader either builds the city or refuses it
/// with a <see cref="CityFileException"/> listing what is wrong; it never fails in any other way.
/// </summary>
public sealed class CityFileFuzzTests : IDisposable
{
    private static readonly string ValidCity = SmallCity.ToJson(SmallCity.Create());

    /// <summary>GeoJSON shapes a hand-edited or hostile file may hold where a geometry or its coordinates belong.</summary>
    private static readonly Gen<string> GeometryTokens = Gen.OneOf(
        Gen.Select(HostileInput.CoordinateToken, HostileInput.CoordinateToken).Select(p => $"[{p.Item1},{p.Item2}]"),
        Gen.Select(HostileInput.CoordinateToken, HostileInput.CoordinateToken).Select(p => $"[[[{p.Item1},{p.Item2}],[{p.Item2},{p.Item1}],[{p.Item1},{p.Item2}]]]"),
        Gen.OneOf("[]", "[[]]", "[[[]]]", "[1]", "[1,2,3]", "[[[1,2]]]", "[[[120.16,30.27],[120.16,30.27],[120.16,30.27],[120.16,30.27]]]",
            "{\"type\":\"Point\",\"coordinates\":[1e308,1e308]}", "{\"type\":\"Polygon\",\"coordinates\":[]}", "{\"type\":\"GeometryCollection\",\"geometries\":[]}",
            "\"Point\"", "\"Polygon\"", "\"Feature\"", "\"FeatureCollection\"", "\"../../../etc/localtime\"", "\"Etc/GMT+14\"", "\"UTC\"", "\"\""));

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"fuzz-city-{Guid.NewGuid():N}.geojson");

    [Fact]
    public void The_untouched_small_city_loads() => Assert.NotNull(Load(Encoding.UTF8.GetBytes(ValidCity)));

    [Fact]
    public void A_broken_city_file_is_refused_with_its_problems_listed_never_with_a_crash() =>
        FuzzRun.Check(
            "city file",
            JsonMutation.Of(ValidCity, JsonMutation.FieldsOf(ValidCity), GeometryTokens),
            ciRuns: 400,
            bytes =>
            {
                try
                {
                    Load(bytes);
                }
                catch (CityFileException refused)
                {
                    Assert.NotEmpty(refused.Errors);
                    Assert.All(refused.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                }
            },
            bytes => Encoding.UTF8.GetString(bytes));

    /// <summary>Through the loader the twin starts with, from a file as --city names it.</summary>
    private CityMap Load(byte[] bytes)
    {
        File.WriteAllBytes(_file, bytes);
        var config = new ConfigurationBuilder().AddInMemoryCollection([new("City:Path", _file)]).Build();
        return CityLoader.Load(config);
    }

    public void Dispose() => File.Delete(_file);
}
