using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>Readings as a sensor would send them, each with a fresh reading id unless one is given.</summary>
internal static class Sensor
{
    public static Reading Says(string entityId, ReadingType type, int value, DateTimeOffset observedAt, string? readingId = null) =>
        new(readingId ?? $"reading-{Guid.NewGuid():N}", entityId, type, value, observedAt);

    public static Reading BayFree(string bayId, DateTimeOffset observedAt) => Says(bayId, ReadingType.Occupancy, 0, observedAt);

    public static Reading BayOccupied(string bayId, DateTimeOffset observedAt) => Says(bayId, ReadingType.Occupancy, 1, observedAt);
}
