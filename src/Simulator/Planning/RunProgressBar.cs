using System.Globalization;

namespace SmartCity.Simulator.Planning;

/// <summary>
/// Monte Carlo progress on the console: runs done, runs per second and the time left, redrawn in place on a terminal
/// and one line per tenth when stderr goes to a file or a test (as the replay's progress bar does).
/// </summary>
public sealed class RunProgressBar(TextWriter output, int totalRuns, TimeProvider clock) : IProgress<int>
{
    private const int Width = 30;
    private readonly bool _inPlace = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    private readonly long _started = clock.GetTimestamp();
    private readonly Lock _drawing = new();
    private int _lastTenth = -1, _shown;

    /// <summary>Called from the worker threads with the count of finished runs, which may arrive out of order.</summary>
    public void Report(int runsDone)
    {
        lock (_drawing)
        {
            if (runsDone <= _shown) return;
            _shown = runsDone;
            double share = totalRuns == 0 ? 1 : (double)runsDone / totalRuns;
            int tenth = (int)(share * 10);
            if (!_inPlace && tenth == _lastTenth) return;
            _lastTenth = tenth;
            double seconds = Math.Max(clock.GetElapsedTime(_started).TotalSeconds, 1e-9), perSecond = runsDone / seconds;
            var left = TimeSpan.FromSeconds(Math.Ceiling((totalRuns - runsDone) / Math.Max(perSecond, 1e-9)));
            int filled = (int)(share * Width);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {runsDone:N0}/{totalRuns:N0} runs, {perSecond:N1} runs/s, ETA {left:hh\\:mm\\:ss}");
            if (_inPlace) output.Write($"\r{line}");
            else output.WriteLine(line);
        }
    }

    public void Done()
    {
        if (_inPlace) output.WriteLine();
    }
}
