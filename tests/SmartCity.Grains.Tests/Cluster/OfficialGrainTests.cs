using SmartCity.Grains.City;
using SmartCity.Grains.Officials;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

[Collection(SharedCluster.Name)]
public sealed class OfficialGrainTests(ClusterFixture fixture)
{
    private IOfficialGrain Official(string id) => fixture.Grains.GetGrain<IOfficialGrain>(id);

    private static Reading Duty(string officialId, DutyStatus duty, DateTimeOffset observedAt) =>
        Sensor.Says(officialId, ReadingType.Status, (int)duty, observedAt);

    [Fact]
    public async Task Grid_official_is_shown_with_their_grids_and_supervisor()
    {
        var official = TestCity.TakeOfficial(OfficialRole.GridOfficial);

        var view = await Official(official.Id).GetAsync();

        Assert.Equal((official.Name, OfficialRole.GridOfficial, official.SupervisorId), (view.Name, view.Role, view.SupervisorId));
        Assert.NotEmpty(view.GridCellIds);
        Assert.All(view.GridCellIds, id => Assert.Equal(official.Id, TestCity.Map.GridCell(id)!.OfficialId));
        Assert.Empty(view.SubordinateIds);
        Assert.Null(view.Duty);
    }

    [Fact]
    public async Task Community_head_is_shown_with_the_grid_officials_who_answer_to_them()
    {
        var head = TestCity.TakeOfficial(OfficialRole.CommunityHead);
        var answering = TestCity.Map.Definition.Officials.Where(o => o.SupervisorId == head.Id).Select(o => o.Id);

        var view = await Official(head.Id).GetAsync();

        Assert.Equal(answering, view.SubordinateIds);
        Assert.Empty(view.GridCellIds);
    }

    [Fact]
    public async Task Duty_report_shows_the_official_on_duty_since_then()
    {
        var official = TestCity.TakeOfficial(OfficialRole.GridOfficial);
        var start = fixture.Now.AddHours(-1);

        await Official(official.Id).ApplyReadingsAsync([Duty(official.Id, DutyStatus.OnDuty, start)]);
        await Official(official.Id).ApplyReadingsAsync([Duty(official.Id, DutyStatus.OnDuty, start.AddMinutes(30))]);
        var view = await Official(official.Id).GetAsync();

        Assert.Equal((DutyStatus.OnDuty, start), (view.Duty, view.DutySince));
    }

    [Fact]
    public async Task Going_off_duty_starts_a_new_period()
    {
        var official = TestCity.TakeOfficial(OfficialRole.GridOfficial);
        var end = fixture.Now.AddMinutes(-5);

        await Official(official.Id).ApplyReadingsAsync([Duty(official.Id, DutyStatus.OnDuty, end.AddHours(-8)), Duty(official.Id, DutyStatus.OffDuty, end)]);
        var view = await Official(official.Id).GetAsync();

        Assert.Equal((DutyStatus.OffDuty, end), (view.Duty, view.DutySince));
    }

    [Fact]
    public async Task Older_duty_report_does_not_overwrite_newer_one()
    {
        var official = TestCity.TakeOfficial(OfficialRole.GridOfficial);
        var newer = fixture.Now.AddMinutes(-1);
        await Official(official.Id).ApplyReadingsAsync([Duty(official.Id, DutyStatus.OffDuty, newer)]);

        var outcomes = await Official(official.Id).ApplyReadingsAsync([Duty(official.Id, DutyStatus.OnDuty, newer.AddMinutes(-30))]);
        var view = await Official(official.Id).GetAsync();

        Assert.Equal([ReadingOutcome.Outdated], outcomes);
        Assert.Equal((DutyStatus.OffDuty, newer), (view.Duty, view.DutySince));
    }
}
