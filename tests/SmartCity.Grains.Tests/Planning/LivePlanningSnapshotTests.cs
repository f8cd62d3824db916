using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Grid;
using SmartCity.Grains.Planning;
using SmartCity.Grains.Readings;
using SmartCity.Grains.Tests.Cluster;

namespace SmartCity.Grains.Tests.Planning;

/// <summary>The live planning snapshot: its counting rules on their own, then read from the two-silo test cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class LivePlanningSnapshotTests(ClusterFixture cluster)
{
    private static readonly PlanningCity Nominal = PlanningCity.FromCity(TestCity.Map.Definition);

    [Theory]
    [InlineData(FacilityStatus.Open, true, true)]
    [InlineData(FacilityStatus.Unknown, true, true)]
    [InlineData(FacilityStatus.Closed, false, true)]
    [InlineData(FacilityStatus.Closed, true, false)]
    [InlineData(FacilityStatus.OutOfOrder, true, false)]
    public void Facility_counts_unless_out_of_order_or_closed_during_its_hours(FacilityStatus status, bool openByHours, bool counts)
    {
        Assert.Equal(counts, LivePlanningSnapshot.Counts(Toilet("facility:a", status, openByHours)));
    }

    [Fact]
    public void Live_cell_keeps_its_place_and_counts_only_what_is_in_service()
    {
        var nominal = Nominal.Cells[0];
        var summary = new LiveSummary(1, 10, 25, 4, new BayCounts(6, 1, 2, 3), new CarParkCounts(1, 100, 40, 0), LiveSummary.EmptyFacilities());
        var notCounted = new List<NotCountedFacility>();

        var live = LivePlanningSnapshot.LiveCell(nominal, summary,
            [Toilet("facility:a", FacilityStatus.Open, true), Toilet("facility:b", FacilityStatus.OutOfOrder, true), Hall("facility:c", 0)],
            notCounted);

        Assert.Equal((10, 25, 4), (live.Households, live.Residents, live.Migrants));
        Assert.Equal((1, 106, (double)PlanningCity.DefaultServiceHallVisitsPerDay), (live.PublicToilets, live.ParkingSpaces, live.ServiceHallThroughput));
        Assert.Equal((nominal.Centroid, nominal.HousingCapacity, nominal.JobsWeight, nominal.Officials), (live.Centroid, live.HousingCapacity, live.JobsWeight, live.Officials));
        Assert.Equal([new NotCountedFacility("facility:b", nominal.Id, FacilityKind.PublicToilet, FacilityStatus.OutOfOrder)], notCounted);
    }

    [Fact]
    public async Task Snapshot_of_the_cluster_leaves_out_a_toilet_reported_out_of_order()
    {
        var toilet = TestCity.TakeFacility(f => f.Kind == FacilityKind.PublicToilet && f.OpeningHours.IsOpenAt(TestCity.Map.LocalTime(cluster.Now)));
        string cellId = TestCity.Map.GridCellOf(toilet.Id);
        var clock = new CityClock(cluster.Time);
        var before = await LivePlanningSnapshot.TakeAsync(cluster.Grains, TestCity.Map, Nominal, clock);

        await cluster.Grains.GetGrain<IFacilityGrain>(toilet.Id).ApplyReadingsAsync(
            [new Reading(Guid.NewGuid().ToString("N"), toilet.Id, ReadingType.Status, (int)FacilityCondition.OutOfOrder, cluster.Now.AddSeconds(-5))]);
        var after = await LivePlanningSnapshot.TakeAsync(cluster.Grains, TestCity.Map, Nominal, clock);

        Assert.Equal(ToiletsIn(before, cellId) - 1, ToiletsIn(after, cellId));
        Assert.Contains(after.NotCounted, f => f.Id == toilet.Id);
        Assert.Equal((PlanningSnapshot.Live, cluster.Now), (after.Start, after.TakenAt));
    }

    [Fact]
    public async Task Run_started_from_a_snapshot_plans_on_it_and_says_so()
    {
        var cells = Nominal.Cells.Select(c => c with { PublicToilets = 0, ParkingSpaces = 0 }).ToArray();
        var bare = new PlanningCity(Nominal.Name, cells);
        var snapshot = PlanningSnapshot.Of(bare, PlanningSnapshot.Live, cluster.Now);
        const string json = """
            { "name": "snapshot test", "startYear": 2027, "years": 2, "runs": 20, "seed": 11, "migration": { "cityShare": 0.0004 } }
            """;
        var run = cluster.Grains.GetGrain<IScenarioRunGrain>("scn-" + Guid.NewGuid().ToString("N")[..12].Replace('0', 'z'));

        Assert.True(await run.StartFromAsync(json, snapshot.Write()));
        var progress = await Eventually.ReadAsync(run.GetProgressAsync, p => p.Status != ScenarioRunStatus.Running, TimeSpan.FromSeconds(30));

        Assert.Equal((ScenarioRunStatus.Done, new PlanningStart("live", cluster.Now)), (progress.Status, progress.Start));
        var local = new MonteCarlo(ScenarioFile.Parse(json).Scenario!, bare).Run() with { Start = progress.Start };
        Assert.Equal(PlanningJson.Write(local), await run.GetResultJsonAsync());
    }

    private static int ToiletsIn(PlanningSnapshot snapshot, string cellId) => snapshot.Cells.Single(c => c.Id == cellId).PublicToilets;

    private static FacilityView Toilet(string id, FacilityStatus status, bool openByHours) => new(
        id, "Toilet", FacilityKind.PublicToilet, "grid:x", new GeoPoint(30.25, 120.15), 8, "24/7", openByHours, status, true, null, null, null);

    private static FacilityView Hall(string id, int capacity) => new(
        id, "Hall", FacilityKind.ServiceHall, "grid:x", new GeoPoint(30.25, 120.15), capacity, "24/7", true, FacilityStatus.Open, false, null, null, null);
}
