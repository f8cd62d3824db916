using Microsoft.Extensions.Logging;

namespace SmartCity.Simulator.Replay;

/// <summary>
/// The in-process twin's log during a replay: errors only, to stderr, and nothing once the replay is
/// over. A twin on memory storage going down logs a burst of failed late writes that mean nothing
/// (its storage is gone with it) and would bury the replay's report.
/// </summary>
public sealed class TwinErrorLog : ILoggerProvider
{
    private volatile bool _stopping;

    /// <summary>From now on nothing is written.</summary>
    public void Silence() => _stopping = true;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TwinErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && !log._stopping;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            Console.Error.WriteLine($"twin {logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
    }
}
