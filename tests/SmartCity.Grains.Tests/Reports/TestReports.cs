using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Grains.Tests.Reports;

/// <summary>The shipped report categories plus one with deadlines of seconds, so real reminders fire during a test.</summary>
internal static class TestReports
{
    public const string QuickCategory = "test-quick";

    public static TimeSpan QuickAcknowledge { get; } = TimeSpan.FromSeconds(2);

    public static ReportCatalog Catalog { get; } = new(
        [
            .. ReportCatalog.Default.Categories,
            new ReportCategory(QuickCategory, "Quick test problem", "Deadlines of seconds, for tests.", "Tests", [],
                QuickAcknowledge, TimeSpan.FromSeconds(4), null, []),
        ],
        ReportCatalog.Default.Departments);

    private static int _next;

    /// <summary>A fresh report id for each call, shaped like the ones the API hands out.</summary>
    public static string NewId() => $"261125-T{Interlocked.Increment(ref _next):00000}";

    public static NewReport Garbage(GridCellDefinition cell, string category = "garbage") => new(
        category, "Bins overflowing behind the market", cell.Boundary.Centroid, "https://photos.example/bins.jpg",
        new ReportContact("Wang Fang", "13900000000", "wang@example.cn"), "citizen-7", null, null);

    public static GeoPoint Outside { get; } = new(10, 10);
}
