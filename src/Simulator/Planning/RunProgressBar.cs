using System.Globalization;

namespace SmartCity.Simulator.Planning;

/// <summary>Monte Carlo progress on the console: runs done, runs per second and the time left.</summary>
public sealed class RunProgressBar(TextWriter output, int totalRuns, TimeProvider clock) : IProgress<int>
{
    private readonly ConsoleProgressBar _bar = new(output);
    private readonly long _started = clock.GetTimestamp();
    private readonly Lock _reporting = new();
    private int _shown;

    /// <summary>Called from the worker threads with the count of finished runs, which may arrive out of order.</summary>
    public void Report(int runsDone)
    {
        lock (_reporting)
        {
            // A count lower than one already shown arrived late: the bar never goes back.
            if (runsDone <= _shown) return;
            _shown = runsDone;
            ShowLocked(runsDone);
        }
    }

    private void ShowLocked(int runsDone)
    {
        _bar.Show(runsDone, totalRuns, () =>
        {
            double seconds = Math.Max(clock.GetElapsedTime(_started).TotalSeconds, 1e-9), perSecond = runsDone / seconds;
            var left = TimeSpan.FromSeconds(Math.Ceiling((totalRuns - runsDone) / Math.Max(perSecond, 1e-9)));
            return string.Create(CultureInfo.InvariantCulture, $"{runsDone:N0}/{totalRuns:N0} runs, {perSecond:N1} runs/s, ETA {left:hh\\:mm\\:ss}");
        });
    }

    public void Done() => _bar.Done();
}
