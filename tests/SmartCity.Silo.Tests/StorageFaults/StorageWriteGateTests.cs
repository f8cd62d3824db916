using SmartCity.Grains.Persistence;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>The gate in front of storage: write-behind bursts must not starve interactive writes.</summary>
public sealed class StorageWriteGateTests
{
    [Fact]
    public async Task Waiting_interactive_write_goes_before_every_waiting_write_behind_write()
    {
        var gate = SqliteWriter.NewGate();
        var order = new List<string>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var first = StorageWritePriority.InBackgroundAsync(() => gate.WriteAsync(async () =>
        {
            firstRunning.SetResult();
            await releaseFirst.Task;
        }));
        await firstRunning.Task;
        var burst = Enumerable.Range(0, 100)
            .Select(i => StorageWritePriority.InBackgroundAsync(() => gate.WriteAsync(() => Record(order, $"bay {i}"))))
            .ToArray();
        var report = gate.WriteAsync(() => Record(order, "report"));

        releaseFirst.SetResult();
        await Task.WhenAll([first, report, .. burst]);

        Assert.Equal("report", order[0]);
        Assert.Equal(101, order.Count);
        Assert.Equal(0, gate.BackgroundOvertakes);
    }

    [Fact]
    public async Task Write_behind_never_holds_more_than_its_share_of_the_writers()
    {
        var gate = new StorageWriteGate(writers: 20, backgroundWriters: 5);
        var release = new TaskCompletionSource();
        var burst = Enumerable.Range(0, 200)
            .Select(_ => StorageWritePriority.InBackgroundAsync(() => gate.WriteAsync(() => release.Task)))
            .ToArray();
        int runningDuringBurst = gate.RunningBackground;

        // Fifteen interactive writes find a free writer at once while the burst waits.
        var reports = Enumerable.Range(0, 15).Select(_ => gate.WriteAsync(() => Task.CompletedTask)).ToArray();
        bool reportsDone = Task.WhenAll(reports).IsCompletedSuccessfully;
        release.SetResult();
        await Task.WhenAll(burst);

        Assert.Equal(5, runningDuringBurst);
        Assert.True(reportsDone);
        Assert.Equal(5, gate.MostBackgroundAtOnce);
    }

    private static Task Record(List<string> order, string what)
    {
        lock (order) order.Add(what);
        return Task.CompletedTask;
    }
}
