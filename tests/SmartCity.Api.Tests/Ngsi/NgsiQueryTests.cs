using System.Globalization;

namespace SmartCity.Api.Tests.Ngsi;

/// <summary>Query Entities: by type, page by page with limit and offset, near a point, filtered by q.</summary>
[Collection(SharedTwin.Name)]
public sealed class NgsiQueryTests(TwinFixture twin)
{
    [Fact]
    public async Task Pages_follow_each_other_without_gaps_and_count_every_match()
    {
        using var first = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?type=ParkingSpot&limit=7&count=true");
        using var second = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?type=ParkingSpot&limit=7&offset=7&count=true");
        using var both = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?type=ParkingSpot&limit=14");

        var firstIds = NgsiCalls.Ids(await NgsiCalls.JsonAsync(first));
        var secondIds = NgsiCalls.Ids(await NgsiCalls.JsonAsync(second));
        Assert.Equal(7, firstIds.Count);
        Assert.Equal(NgsiCalls.Ids(await NgsiCalls.JsonAsync(both)), [.. firstIds, .. secondIds]);
        string bays = twin.City.Definition.ParkingBays.Count.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(bays, NgsiCalls.ResultsCount(first));
        Assert.Contains("offset=7", Assert.Single(NgsiCalls.Links(first, "next")), StringComparison.Ordinal);
        Assert.Empty(NgsiCalls.Links(first, "prev"));
        Assert.Contains("offset=0", Assert.Single(NgsiCalls.Links(second, "prev")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_entities_come_by_default_and_the_last_page_has_no_next()
    {
        int carParks = twin.City.Definition.CarParks.Count;

        var page = await NgsiCalls.QueryAsync(twin.Http, "type=OffStreetParking&options=keyValues");
        using var last = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?type=OffStreetParking&offset={carParks - 1}");

        Assert.Equal(Math.Min(20, carParks), page.GetArrayLength());
        Assert.All(page.EnumerateArray(), SmartDataModelSchemas.AssertFits);
        Assert.Single((await NgsiCalls.JsonAsync(last)).EnumerateArray());
        Assert.Empty(NgsiCalls.Links(last, "next"));
    }

    [Fact]
    public async Task Limit_zero_with_count_gives_only_the_count()
    {
        int toilets = twin.City.Definition.Facilities.Count(f => f.Kind == Grains.Facilities.FacilityKind.PublicToilet);

        using var response = await NgsiCalls.GetAsync(twin.Http, $"{NgsiCalls.Entities}?type=PointOfInterest&limit=0&count=true");

        Assert.Empty((await NgsiCalls.JsonAsync(response)).EnumerateArray());
        Assert.Equal(toilets.ToString(CultureInfo.InvariantCulture), NgsiCalls.ResultsCount(response));
    }

    [Fact]
    public async Task Several_types_are_listed_type_by_type()
    {
        var entities = await NgsiCalls.QueryAsync(twin.Http, "type=OffStreetParking,PointOfInterest&limit=1000");

        var types = entities.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Distinct().ToList();
        Assert.Equal(["OffStreetParking", "PointOfInterest"], types);
    }

    [Fact]
    public async Task Near_a_point_lists_what_lies_within_the_distance_nearest_first()
    {
        var bay = twin.TakeBay();

        var entities = await NgsiCalls.QueryAsync(twin.Http, $"type=ParkingSpot&{NgsiCalls.Near(bay.Location, 40)}&limit=1000");

        var ids = NgsiCalls.Ids(entities);
        Assert.Equal(NgsiCalls.BayUrn(bay.Id), ids[0]);
        var expected = twin.City.Definition.ParkingBays.Where(b => b.Location.DistanceMetersTo(bay.Location) <= 40).Select(b => NgsiCalls.BayUrn(b.Id));
        Assert.Equal(expected.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Q_keeps_only_the_entities_whose_attribute_matches()
    {
        var cell = twin.TakeGridCell();
        var bays = twin.City.MembersOf(cell.Id).ParkingBays;
        await twin.ApplyAsync(TwinFixture.Reading(bays[0].Id, "occupancy", false, twin.SecondsAgo(5)),
            TwinFixture.Reading(bays[1].Id, "occupancy", true, twin.SecondsAgo(5)));

        var free = await NgsiCalls.QueryAsync(twin.Http,
            $"type=ParkingSpot&q=status==%22free%22&{NgsiCalls.Near(bays[0].Location, 2000)}&limit=1000&options=keyValues");

        Assert.Contains(NgsiCalls.BayUrn(bays[0].Id), NgsiCalls.Ids(free));
        Assert.DoesNotContain(NgsiCalls.BayUrn(bays[1].Id), NgsiCalls.Ids(free));
        Assert.All(free.EnumerateArray(), e => Assert.Equal("free", e.GetProperty("status").GetString()));
    }
}
