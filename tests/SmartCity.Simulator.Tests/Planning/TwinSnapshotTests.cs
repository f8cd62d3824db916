using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Planning;
using SmartCity.Simulator.Planning;
using SmartCity.TestSupport;

namespace SmartCity.Simulator.Tests.Planning;

public sealed class TwinSnapshotTests
{
    private static readonly PlanningCity Demo = PlanningCity.FromCity(DemoCityGenerator.Generate(DemoCityGenerator.DefaultSeed));

    private const string ExampleScenario = "migrant-inflow";

    private static readonly DateTimeOffset TakenAt = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_written_by_the_twin_parses_back_to_the_same_planning_city()
    {
        // A live-looking snapshot: one cell lost a toilet, another's service hall runs at half its nominal throughput.
        var cells = Demo.Cells.ToArray();
        cells[3] = cells[3] with { PublicToilets = cells[3].PublicToilets + 1 };
        cells[7] = cells[7] with { ServiceHallThroughput = cells[7].ServiceHallThroughput / 3, ParkingSpaces = 17 };
        var city = new PlanningCity(Demo.Name, cells);
        var written = PlanningSnapshot.Of(city, PlanningSnapshot.Live, TakenAt,
            [new NotCountedFacility("facility:x", cells[3].Id, FacilityKind.PublicToilet, FacilityStatus.OutOfOrder)]);

        var read = TwinSnapshot.Parse(written.Write());
        var again = read.ToPlanningCity();

        Assert.Equal((written.City, written.Start, written.TakenAt), (read.City, read.Start, read.TakenAt));
        Assert.Equal(written.NotCounted, read.NotCounted);
        Assert.Equal(city.Name, again.Name);
        Assert.Equal(city.Centre, again.Centre);
        Assert.Equal(city.Cells.Count, again.Cells.Count);
        for (int i = 0; i < city.Cells.Count; i++)
        {
            // Records compare lists by reference: compare the neighbours apart, the rest as records.
            Assert.Equal(city.Cells[i].Neighbours, again.Cells[i].Neighbours);
            Assert.Equal(city.Cells[i], again.Cells[i] with { Neighbours = city.Cells[i].Neighbours });
        }
        Assert.Equal(written.Write(), read.Write());
    }

    [Fact]
    public void Snapshot_plans_to_the_same_projection_as_the_city_it_was_written_from()
    {
        var scenario = new Scenario { Name = "round trip", StartYear = 2030, Years = 2, Runs = 4, Seed = 3 };
        var read = TwinSnapshot.Parse(PlanningSnapshot.Of(Demo, PlanningSnapshot.FromCityFile, TakenAt).Write()).ToPlanningCity();

        Assert.Equal(PlanningJson.Write(new MonteCarlo(scenario, Demo).Run()), PlanningJson.Write(new MonteCarlo(scenario, read).Run()));
    }

    [Theory]
    [InlineData("""{ "city": "x", "start": "live", "takenAt": "2026-11-25T02:00:00Z", "notCounted": [] }""")]
    [InlineData("""{ "city": "x", "start": "live", "takenAt": "2026-11-25T02:00:00Z", "cells": [], "notCounted": [] }""")]
    [InlineData("""[1, 2]""")]
    public void Text_that_is_no_plannable_snapshot_is_refused(string json)
    {
        Assert.ThrowsAny<Exception>(() => TwinSnapshot.Parse(json));
    }

    [Fact]
    public async Task Run_from_a_twin_plans_on_the_snapshot_it_serves()
    {
        // A stand-in twin: answers the snapshot once at the path the command asks for.
        int port = LocalPorts.Free();
        using var listener = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        listener.Start();
        string served = PlanningSnapshot.Of(Demo, PlanningSnapshot.Live, TakenAt).Write();
        string? askedFor = null;
        var answer = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            askedFor = context.Request.Url?.AbsolutePath;
            byte[] body = Encoding.UTF8.GetBytes(served);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var (exitCode, output, error) = ExampleRuns.Command("run", ExampleRuns.Example(ExampleScenario), "--runs", "4", "--from-twin", $"http://127.0.0.1:{port}");
        await answer;

        Assert.True(exitCode == 0, error);
        Assert.Equal(TwinSnapshot.Path, askedFor);
        Assert.Contains("live twin", error, StringComparison.Ordinal);
        Assert.Equal(ExampleRuns.Command("run", ExampleRuns.Example(ExampleScenario), "--runs", "4").Output, output);
    }

    [Fact]
    public void Run_from_a_twin_that_does_not_answer_is_exit_code_1()
    {
        var (exitCode, _, error) = ExampleRuns.Command("run", ExampleRuns.Example(ExampleScenario), "--runs", "4", "--from-twin", $"http://127.0.0.1:{LocalPorts.Free()}");

        Assert.Equal(1, exitCode);
        Assert.Contains("--from-twin", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "s.json", "--from-twin", "http://localhost:5080", "--city", "c.geojson" }, "--from-twin and --city")]
    [InlineData(new[] { "s.json", "--from-twin", "localhost:5080" }, "--from-twin localhost:5080")]
    public void Wrong_from_twin_is_refused_naming_the_option(string[] args, string problemStart)
    {
        Assert.Null(ScenarioRunOptions.Parse(args, out string? problem));
        Assert.StartsWith(problemStart, problem);
    }

    [Fact]
    public void From_twin_address_is_taken()
    {
        var options = ScenarioRunOptions.Parse(["s.json", "--from-twin", "http://twin:5080"], out _);

        Assert.Equal(new Uri("http://twin:5080"), options?.FromTwin);
    }
}
