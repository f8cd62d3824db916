using SmartCity.Grains.Facilities;

namespace SmartCity.Api.Tests.Observability;

/// <summary>
/// The city-at-a-glance gauges follow the twin: bays by status per district, facilities by status per
/// district and kind. They come from figures refreshed every 200 ms there, so the tests wait for them.
/// </summary>
[Collection(ObservedTwin.Name)]
public sealed class CityGaugeTests(ObservedTwinFixture twin)
{
    [Fact]
    public async Task Occupying_bays_moves_their_districts_gauges_from_unknown_to_occupied_and_freeing_them_to_free()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays.Take(7).ToArray();
        int k = bays.Length;
        var before = await twin.BaselineAsync();
        double Bays(MetricsScrape scrape, string status) => scrape.Value("smartcity_bays", ("district", cell.DistrictId), ("status", status));

        await twin.ApplyAsync([.. bays.Select(b => TwinFixture.Reading(b.Id, "occupancy", true, ObservedTwinFixture.SecondsAgo(5)))]);

        var occupied = await twin.ScrapeUntilAsync(s => Bays(s, "occupied") == Bays(before, "occupied") + k);
        Assert.Equal(Bays(before, "occupied") + k, Bays(occupied, "occupied"));
        Assert.Equal(Bays(before, "unknown") - k, Bays(occupied, "unknown"));
        Assert.Equal(Bays(before, "free"), Bays(occupied, "free"));

        await twin.ApplyAsync([.. bays.Select(b => TwinFixture.Reading(b.Id, "occupancy", "free", ObservedTwinFixture.SecondsAgo(1)))]);

        var freed = await twin.ScrapeUntilAsync(s => Bays(s, "free") == Bays(before, "free") + k);
        Assert.Equal(Bays(before, "free") + k, Bays(freed, "free"));
        Assert.Equal(Bays(before, "occupied"), Bays(freed, "occupied"));
        Assert.Equal(Bays(before, "unknown") - k, Bays(freed, "unknown"));
    }

    [Fact]
    public async Task Toilet_reported_in_service_then_out_of_order_moves_the_facility_gauges_of_its_district_and_kind()
    {
        var toilet = twin.TakeFacility(FacilityKind.PublicToilet, f => f.HasSensor && f.OpeningHours.Text == "24/7");
        string district = twin.City.GridCellContaining(toilet.Location)!.DistrictId;
        var before = await twin.BaselineAsync();
        double Toilets(MetricsScrape scrape, string status) =>
            scrape.Value("smartcity_facilities", ("district", district), ("kind", "publicToilet"), ("status", status));

        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "inService", ObservedTwinFixture.SecondsAgo(5)));

        var open = await twin.ScrapeUntilAsync(s => Toilets(s, "open") == Toilets(before, "open") + 1);
        Assert.Equal(Toilets(before, "open") + 1, Toilets(open, "open"));
        Assert.Equal(Toilets(before, "unknown") - 1, Toilets(open, "unknown"));

        await twin.ApplyAsync(TwinFixture.Reading(toilet.Id, "status", "outOfOrder", ObservedTwinFixture.SecondsAgo(1)));

        var broken = await twin.ScrapeUntilAsync(s => Toilets(s, "outOfOrder") == Toilets(before, "outOfOrder") + 1);
        Assert.Equal(Toilets(before, "outOfOrder") + 1, Toilets(broken, "outOfOrder"));
        Assert.Equal(Toilets(before, "open"), Toilets(broken, "open"));
    }
}
