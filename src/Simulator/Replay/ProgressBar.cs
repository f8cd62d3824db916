using System.Globalization;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// A progress line on the console: redrawn in place on a terminal, one line per tenth when the
/// output goes to a file or a test, so logs stay readable.
/// </summary>
public sealed class ProgressBar(TextWriter output)
{
    private const int Width = 30;
    private readonly bool _inPlace = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    private int _lastTenth = -1;

    public void Show(ReplayProgress p)
    {
        double share = p.Total == 0 ? 1 : (double)p.Sent / p.Total;
        int tenth = (int)(share * 10);
        if (!_inPlace && tenth == _lastTenth) return;
        _lastTenth = tenth;
        int filled = (int)(share * Width);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {p.Sent:N0}/{p.Total:N0} events, {p.Sent / Math.Max(p.Elapsed.TotalSeconds, 1e-9):N0}/s, at {p.EventTime:yyyy-MM-dd HH:mm}");
        if (_inPlace) output.Write($"\r{line}");
        else output.WriteLine(line);
    }

    public void Done()
    {
        if (_inPlace) output.WriteLine();
    }
}
