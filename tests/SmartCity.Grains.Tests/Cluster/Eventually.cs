using System.Diagnostics;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>Polls for a state reached by one-way pushes, which a caller cannot await.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    /// <summary>Reads until the value is as expected or the wait runs out, and returns the last value read for the test to assert.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> expected, TimeSpan? within = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (expected(value) || waited.Elapsed >= (within ?? DefaultWait)) return value;
            await Task.Delay(20);
        }
    }
}
