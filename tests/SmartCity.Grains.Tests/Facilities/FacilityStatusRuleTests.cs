using SmartCity.Grains.Facilities;
using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Facilities;

public sealed class FacilityStatusRuleTests
{
    [Theory]
    [InlineData(true, FacilityCondition.InService, FacilityStatus.Open)]
    [InlineData(true, FacilityCondition.OutOfOrder, FacilityStatus.OutOfOrder)]
    [InlineData(true, FacilityCondition.Closed, FacilityStatus.Closed)]
    [InlineData(true, null, FacilityStatus.Unknown)]
    [InlineData(false, null, FacilityStatus.Open)]
    public void During_opening_hours_the_sensor_decides(bool hasSensor, FacilityCondition? condition, FacilityStatus expected)
    {
        Assert.Equal(expected, FacilityStatusRule.Decide(hasSensor, condition, openByHours: true));
    }

    [Theory]
    [InlineData(true, FacilityCondition.InService)]
    [InlineData(true, FacilityCondition.OutOfOrder)]
    [InlineData(true, null)]
    [InlineData(false, null)]
    public void Outside_opening_hours_a_facility_is_closed_whatever_its_sensor_says(bool hasSensor, FacilityCondition? condition)
    {
        Assert.Equal(FacilityStatus.Closed, FacilityStatusRule.Decide(hasSensor, condition, openByHours: false));
    }
}
