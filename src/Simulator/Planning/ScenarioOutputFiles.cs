using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartCity.Grains.Planning;

namespace SmartCity.Simulator.Planning;

/// <summary>
/// The files `scenario run --out DIR` writes: result.json (the whole <see cref="PlanningResult"/>), city-years.csv and
/// cells.csv. All three go to temporary names first and are moved into place together at the end, so a failed or
/// cancelled run never leaves a half-written or mismatched set.
/// </summary>
public static class ScenarioOutputFiles
{
    public const string ResultFile = "result.json", CityYearsFile = "city-years.csv", CellsFile = "cells.csv";

    public const string CityYearsHeader =
        "year,need,cells_short_p10,cells_short_p50,cells_short_p90,residents_p10,residents_p50,residents_p90,migrants_p10,migrants_p50,migrants_p90";

    public const string CellsHeader =
        "cell,district,need,gap_opens_p10,gap_opens_p50,gap_opens_p90,final_demand_p50,final_capacity";

    public static string ToJson(PlanningResult result) => PlanningJson.Write(result);

    /// <summary>A result file written by `scenario run`.</summary>
    /// <exception cref="JsonException">The file is not a planning result.</exception>
    public static PlanningResult ReadResult(string path) => PlanningJson.Read(File.ReadAllText(path));

    public static void WriteAll(PlanningResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Text)[]
        {
            (ResultFile, ToJson(result)), (CityYearsFile, CityYearsCsv(result)), (CellsFile, CellsCsv(result)),
        };
        string suffix = $".{Guid.NewGuid():N}.tmp";
        try
        {
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(directory, name + suffix), text, new UTF8Encoding(false));
            foreach (var (name, _) in files) File.Move(Path.Combine(directory, name + suffix), Path.Combine(directory, name), overwrite: true);
        }
        finally
        {
            foreach (var (name, _) in files) File.Delete(Path.Combine(directory, name + suffix));
        }
    }

    /// <summary>One line per year and need: cells short, with the city's residents and migrants repeated for each need.</summary>
    public static string CityYearsCsv(PlanningResult result)
    {
        var csv = new StringBuilder().Append(CityYearsHeader).Append('\n');
        foreach (var year in result.CityByYear)
        {
            foreach (var need in year.Needs)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{year.Year},{NeedName(need.Need)},{BandCsv(need.CellsShort)},")
                    .Append(CultureInfo.InvariantCulture, $"{BandCsv(year.Residents)},{BandCsv(year.Migrants)}\n");
            }
        }
        return csv.ToString();
    }

    /// <summary>One line per cell and need: when its gap opens, and its demand (P50) against its capacity in the final year.</summary>
    public static string CellsCsv(PlanningResult result)
    {
        var csv = new StringBuilder().Append(CellsHeader).Append('\n');
        foreach (var cell in result.Cells)
        {
            var final = cell.Years[^1];
            foreach (var opening in cell.GapOpenings)
            {
                var projection = final.Need(opening.Need);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{cell.CellId},{cell.DistrictId},{NeedName(opening.Need)},{opening.P10Year},{opening.P50Year},{opening.P90Year},")
                    .Append(CultureInfo.InvariantCulture, $"{Number(projection.Demand.P50)},{Number(projection.Capacity)}\n");
            }
        }
        return csv.ToString();
    }

    public static string NeedName(Need need) => JsonNamingPolicy.CamelCase.ConvertName(need.ToString());

    /// <summary>Up to four decimals, invariant; an infinite wait prints as "Infinity", which parsers of doubles read back.</summary>
    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string BandCsv(Band band) => $"{Number(band.P10)},{Number(band.P50)},{Number(band.P90)}";
}
