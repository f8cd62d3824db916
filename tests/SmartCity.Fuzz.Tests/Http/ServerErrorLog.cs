using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SmartCity.Fuzz.Tests.Http;

/// <summary>
/// Every error the twin logs while the fuzzer runs. A status code alone misses an exception the twin
/// caught and answered 4xx for, or one thrown after the answer began: the log shows those too.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>How many errors were logged so far: take it before a request, compare after.</summary>
    public int Count => _errors.Count;

    /// <summary>The errors logged after the first <paramref name="skip"/>.</summary>
    public IReadOnlyList<string> Since(int skip) => [.. _errors.Skip(skip)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
