namespace SmartCity.Grains.Persistence;

/// <summary>
/// Marks the storage writes of the current call flow as background (write-behind), so the storage
/// gate lets interactive writes (a report being filed) go first. Flows with the call into the storage
/// provider like any async-local value, and ends with the async method that set it.
/// </summary>
public static class StorageWritePriority
{
    private static readonly AsyncLocal<bool> Background = new();

    /// <summary>True inside a write-behind flush.</summary>
    public static bool IsBackground => Background.Value;

    /// <summary>Runs <paramref name="write"/> as a background write.</summary>
    public static async Task InBackgroundAsync(Func<Task> write)
    {
        // Set inside this async method: the value is the write's alone and reverts when it returns.
        Background.Value = true;
        await write();
    }
}
