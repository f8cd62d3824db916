using System.Text.Json.Nodes;
using SmartCity.Grains.Planning;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>Scenario files are read strictly and every bad value comes back as an error naming its field.</summary>
public sealed class ScenarioFileTests
{
    private const int CurrentYear = 2026;

    private static readonly PlanningCity City = PlanningCity.FromCity(TestCities.Row(
        new TestCities.Plot(300, 800, 100), new TestCities.Plot(300, 800, 100), new TestCities.Plot(300, 800, 100)));

    private const string Good = """
        {
          // Comments are allowed: people write these files.
          "name": "Faster inflow",
          "startYear": 2027,
          "years": 10,
          "runs": 200,
          "seed": 7,
          "urbanization": {
            "regionalPopulation": 66270000,
            "cityShareOfUrbanGrowth": 0.004,
            "urbanSharePath": [
              { "year": 2026, "share": 0.742 }, { "year": 2027, "share": 0.748 }, { "year": 2028, "share": 0.754 },
              { "year": 2029, "share": 0.759 }, { "year": 2030, "share": 0.764 }, { "year": 2031, "share": 0.769 },
              { "year": 2032, "share": 0.773 }, { "year": 2033, "share": 0.777 }, { "year": 2034, "share": 0.781 },
              { "year": 2035, "share": 0.785 }, { "year": 2036, "share": 0.789 }
            ]
          },
          "migration": { "nationalInflowPerYear": 10000000, "cityShare": 0.0004, "inflowMultiplier": 1.2, "dispersion": 40, "departureRate": 0.08, "returnRate": 0.15 },
          "householdSize": { "start": 2.62, "changePerYear": -0.02 },
          "housing": { "headroom": 1.2 },
          "attractiveness": { "jobs": 0.5, "centreDecayKm": 4, "density": 0.5, "room": 1 },
          "demand": { "toiletsPerKm2": 3, "residentsPerToilet": 2500, "parkingSpacesPerHousehold": 0.1, "serviceHallVisitsPerResidentPerYear": 2,
                      "serviceHallWorkingDaysPerYear": 250, "householdsPerOfficial": 500 },
          "reports": { "reportsPerResidentPerYear": 1, "handlingMinutes": 60, "dutyHoursPerDay": 8, "acknowledgeDeadlineHours": 2 },
          "cells": { "grid:T-02": { "housingCapacity": 1500, "jobsWeight": 3 } },
          "levers": [
            { "year": 2029, "cell": "grid:T-01", "action": "buildFacilities", "kind": "publicToilet", "count": 2 },
            { "year": 2030, "cell": "all", "action": "addOfficials", "count": 1 },
            { "year": 2031, "action": "capInflow", "max": 3000 },
            { "year": 2031, "action": "boostInflow", "factor": 1.5 },
            { "year": 2032, "cell": "grid:T-03", "action": "setAcknowledgeDeadline", "hours": 4 },
            { "year": 2033, "action": "setHouseholdSize", "value": 2.4 },
            { "year": 2034, "cell": "grid:T-02", "action": "buildFacilities", "kind": "carPark", "count": 1, "capacity": 300 }
          ]
        }
        """;

    [Fact]
    public void A_good_file_reads_with_every_member()
    {
        var load = ScenarioFile.Parse(Good, City, CurrentYear);

        Assert.Empty(load.Errors);
        var scenario = Assert.IsType<Scenario>(load.Scenario);
        Assert.Equal("Faster inflow", scenario.Name);
        Assert.Equal(2036, scenario.EndYear);
        Assert.Equal(0.748 - 0.742, scenario.Urbanization.ShareChange(scenario.StartYear, 2027), 12);
        Assert.Equal(7, scenario.Levers.Count);
        Assert.Equal(LeverAction.CapInflow, scenario.Levers[2].Action);
        Assert.Equal(PolicyLever.AllCells, scenario.Levers[2].Cell);
        Assert.Equal(1500, scenario.Cells["grid:T-02"].HousingCapacity);
        // What is written reads back the same.
        Assert.Empty(ScenarioFile.Parse(ScenarioFile.Write(scenario), City, CurrentYear).Errors);
    }

    [Theory]
    [InlineData("migration.nationalInflowPerYear", -5)]
    [InlineData("migration.cityShare", 1.5)]
    [InlineData("migration.departureRate", 2)]
    [InlineData("migration.returnRate", -0.1)]
    [InlineData("migration.dispersion", 0)]
    [InlineData("urbanization.cityShareOfUrbanGrowth", 1.2)]
    [InlineData("urbanization.urbanSharePath[3].share", 75.9)]
    [InlineData("startYear", 2020)]
    [InlineData("years", 0)]
    [InlineData("runs", 0)]
    [InlineData("runs", 100_001)]
    [InlineData("householdSize.start", 0.5)]
    [InlineData("housing.headroom", 0.8)]
    [InlineData("attractiveness.centreDecayKm", 0)]
    [InlineData("demand.residentsPerToilet", 0)]
    [InlineData("reports.dutyHoursPerDay", 25)]
    [InlineData("reports.acknowledgeDeadlineHours", -1)]
    [InlineData("cells['grid:T-02'].housingCapacity", -10)]
    [InlineData("levers[0].year", 2026)]
    [InlineData("levers[0].year", 2040)]
    [InlineData("levers[0].count", 0)]
    [InlineData("levers[1].count", 5000)]
    [InlineData("levers[2].max", -1)]
    [InlineData("levers[3].factor", 0)]
    [InlineData("levers[4].hours", 0)]
    [InlineData("levers[5].value", 0.5)]
    public void A_bad_number_is_refused_with_its_field(string field, double value)
    {
        var errors = Errors(Set(field, JsonValue.Create(value)));

        Assert.Contains(errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("levers[0].cell", "grid:nowhere")]
    [InlineData("levers[0].kind", "fountain")]
    [InlineData("levers[2].cell", "grid:T-01")]
    [InlineData("name", " ")]
    public void A_bad_name_is_refused_with_its_field(string field, string value)
    {
        var errors = Errors(Set(field, JsonValue.Create(value)));

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Members_an_action_does_not_use_and_members_it_needs_are_named()
    {
        var json = JsonNode.Parse(Good, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["levers"]![2]!["hours"] = 3;
        json["levers"]![6]!.AsObject().Remove("capacity");
        json["levers"]![0]!["capacity"] = 5;

        var errors = Errors(json.ToJsonString());

        Assert.Contains(errors, e => e.Field == "levers[2].hours" && e.Message.Contains("capInflow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "levers[6].capacity" && e.Message.Contains("required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "levers[0].capacity");
    }

    [Fact]
    public void Every_error_comes_back_at_once()
    {
        var json = JsonNode.Parse(Set("migration.cityShare", JsonValue.Create(3.0)))!;
        json["runs"] = 0;
        json["cells"]!["grid:nowhere"] = new JsonObject { ["housingCapacity"] = 10 };
        json["levers"]![1]!["cell"] = "grid:T-99";

        var fields = Errors(json.ToJsonString()).Select(e => e.Field).ToArray();

        Assert.Contains("migration.cityShare", fields);
        Assert.Contains("runs", fields);
        Assert.Contains("cells['grid:nowhere']", fields);
        Assert.Contains("levers[1].cell", fields);
    }

    [Fact]
    public void An_urbanization_path_must_cover_the_horizon()
    {
        var json = JsonNode.Parse(Good, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["urbanization"]!["urbanSharePath"]!.AsArray().RemoveAt(10);

        var error = Assert.Single(Errors(json.ToJsonString()));

        Assert.Equal("urbanization.urbanSharePath", error.Field);
        Assert.Contains("2036", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "x", "startYear": 2027, "years": 5, "migration": { "cityshare": 0.1 } }""", "migration.cityshare")]
    [InlineData("""{ "name": "x", "startYear": 2027, "years": 5, "runs": 10, "runs": 20 }""", "runs")]
    [InlineData("""{ "name": "x", "startYear": 2027, "years": "5" }""", "years")]
    [InlineData("""{ "name": null, "startYear": 2027, "years": 5 }""", "name")]
    [InlineData("""{ "name": "x", "startYear": 2027, "years": 5, "levers": [ { "year": 2028, "action": "demolish" } ] }""", "levers[0].action")]
    [InlineData("""{ "name": "x", "startYear": 2027, "years": 5, "cells": { "grid:T-01": {}, "grid:T-01": {} } }""", "cells.grid:T-01")]
    public void Unknown_members_repeated_keys_and_wrong_types_are_refused_with_their_path(string json, string field)
    {
        var load = ScenarioFile.Parse(json, City, CurrentYear);

        Assert.Null(load.Scenario);
        var error = Assert.Single(load.Errors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_model_refuses_a_scenario_that_skipped_validation()
    {
        var scenario = new Scenario { Name = "unchecked", StartYear = 2030, Years = 5, Levers = [PolicyLever.AddOfficials(2031, "grid:nowhere", 1)] };

        var error = Assert.Throws<ArgumentException>(() => new MonteCarlo(scenario, City));

        Assert.Contains("levers[0].cell", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<ScenarioError> Errors(string json)
    {
        var load = ScenarioFile.Parse(json, City, CurrentYear);
        Assert.Null(load.Scenario);
        Assert.NotEmpty(load.Errors);
        return load.Errors;
    }

    /// <summary>The good file with one field replaced; the field is written as the error would name it.</summary>
    private static string Set(string field, JsonNode? value)
    {
        var json = JsonNode.Parse(Good, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var parts = System.Text.RegularExpressions.Regex.Matches(field, @"\['([^']+)'\]|\[(\d+)\]|([^.\[\]]+)");
        JsonNode node = json;
        for (int k = 0; k < parts.Count; k++)
        {
            var part = parts[k];
            bool last = k == parts.Count - 1;
            if (part.Groups[2].Success)
            {
                int index = int.Parse(part.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (last) node[index] = value;
                else node = node[index]!;
            }
            else
            {
                string name = part.Groups[1].Success ? part.Groups[1].Value : part.Groups[3].Value;
                if (last) node[name] = value;
                else node = node[name]!;
            }
        }
        return json.ToJsonString();
    }
}
