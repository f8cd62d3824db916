using System.Globalization;

namespace SmartCity.Simulator;

/// <summary>
/// A progress line on the console for the long commands (replay, scenario run): redrawn in place on a
/// terminal, one line per tenth when the output goes to a file or a test, so logs stay readable.
/// Safe to call from several threads.
/// </summary>
public sealed class ConsoleProgressBar(TextWriter output)
{
    private const int Width = 30;
    private readonly bool _inPlace = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    private readonly Lock _drawing = new();
    private int _lastTenth = -1;

    /// <param name="details">What follows the bar and the percentage, e.g. "120/400 runs, 35.2 runs/s".</param>
    public void Show(long done, long total, Func<string> details)
    {
        lock (_drawing)
        {
            double share = total == 0 ? 1 : (double)done / total;
            int tenth = (int)(share * 10);
            if (!_inPlace && tenth == _lastTenth) return;
            _lastTenth = tenth;
            int filled = (int)(share * Width);
            string line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {details()}");
            if (_inPlace) output.Write($"\r{line}");
            else output.WriteLine(line);
        }
    }

    /// <summary>Ends the line redrawn in place.</summary>
    public void Done()
    {
        if (_inPlace) output.WriteLine();
    }
}
