using System.Diagnostics;

namespace SmartCity.Simulator.Load;

/// <summary>What a load run achieved: requests, the items they carried, errors, and latency.</summary>
public sealed record LoadResult(string Name, long Requests, long Items, long Errors, TimeSpan Elapsed, LatencySummary Latency)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double ItemsPerSecond => Items / Elapsed.TotalSeconds;
}

/// <summary>
/// Runs concurrent workers for a fixed time (bounded: it always stops by itself), each calling one
/// operation in a loop, and measures throughput and latency.
/// </summary>
public static class LoadRun
{
    /// <param name="operation">Sends one request; returns how many items it carried, or throws / returns a negative count on error.</param>
    public static async Task<LoadResult> RunAsync(
        string name, int workers, TimeSpan duration, Func<int, CancellationToken, Task<int>> operation, CancellationToken cancellationToken = default)
    {
        var recorder = new LatencyRecorder();
        long requests = 0, items = 0, errors = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var latencies = recorder.ForWorker();
            // At least one operation per worker, even when a busy machine starts the worker late.
            do
            {
                long t0 = Stopwatch.GetTimestamp();
                int carried;
                try
                {
                    carried = await operation(worker, stop.Token);
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    carried = -1;
                }
                latencies.Add(LatencyRecorder.MillisecondsSince(t0));
                Interlocked.Increment(ref requests);
                if (carried < 0) Interlocked.Increment(ref errors);
                else Interlocked.Add(ref items, carried);
            }
            while (started.Elapsed < duration && !stop.IsCancellationRequested);
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(tasks);
        return new LoadResult(name, requests, items, errors, started.Elapsed, recorder.Summarize());
    }
}
