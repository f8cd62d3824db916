namespace SmartCity.Api.Tests.Reports;

/// <summary>
/// Report tests that move the city clock by hours and days get a twin of their own, as
/// <see cref="MovingClockTwin"/> does for sensors and opening hours: tests there assume the time of
/// day, and tests here count every report of their twin in leaderboards and city-wide feeds.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReportClockTwin : ICollectionFixture<TwinFixture>
{
    public const string Name = "Twin for report deadlines";
}
