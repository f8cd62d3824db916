namespace SmartCity.Grains.Persistence;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>The storage of the twin's live state (SQLite by default, in-memory for tests).</summary>
    public const string Twin = "twin";
}
