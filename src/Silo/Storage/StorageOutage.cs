using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Storage;

/// <summary>
/// Tells a database outage (unreachable, restarting, out of connections or disk) from every other
/// failure, and turns the driver's exception into <see cref="StorageUnavailableException"/>, which
/// Orleans can carry between silos and the API answers with 503 and Retry-After.
/// </summary>
public static class StorageOutage
{
    /// <summary>True when the exception, or one it wraps, says the database could not be reached or could not take the write.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is)) return true;
            if (IsOutage(e)) return true;
        }
        return false;
    }

    private static bool IsOutage(Exception e) => e switch
    {
        StorageUnavailableException => true,
        // Class 08: connection exceptions; 53: insufficient resources (disk full, too many
        // connections); 57P01-57P03: the server is shutting down or starting (PostgreSQL's
        // documented SQLSTATE codes, Appendix A).
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or TimeoutException,
        // SQLITE_PERM 3, SQLITE_BUSY 5, SQLITE_READONLY 8 (a read-only mount; also READONLY_DBMOVED,
        // the file unlinked or renamed under an open connection), SQLITE_IOERR 10, SQLITE_FULL 13,
        // SQLITE_CANTOPEN 14 (the file or its folder gone or unreadable) (sqlite.org/rescode.html).
        SqliteException sqlite => sqlite.SqliteErrorCode is 3 or 5 or 8 or 10 or 13 or 14,
        _ => false,
    };

    /// <summary>Runs <paramref name="operation"/>, turning an outage into <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> TranslateAsync<T>(string what, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception error) when (error is not StorageUnavailableException && Is(error))
        {
            // Only the message travels: the driver's exception cannot be serialized by Orleans.
            throw new StorageUnavailableException($"{what}: {error.GetBaseException().Message}");
        }
    }

    public static Task TranslateAsync(string what, Func<Task> operation) => TranslateAsync(what, async () =>
    {
        await operation();
        return true;
    });
}

/// <summary>Grain storage whose outages surface as <see cref="StorageUnavailableException"/>.</summary>
public sealed class OutageTranslatingStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageOutage.TranslateAsync($"Reading {grainId}", () => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageOutage.TranslateAsync($"Writing {grainId}", () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageOutage.TranslateAsync($"Clearing {grainId}", () => inner.ClearStateAsync(stateName, grainId, grainState));
}

/// <summary>The reminder table whose outages surface as <see cref="StorageUnavailableException"/>.</summary>
public sealed class OutageTranslatingReminderTable(IReminderTable inner) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        StorageOutage.TranslateAsync($"Reading reminders of {grainId}", () => inner.ReadRows(grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        StorageOutage.TranslateAsync("Reading reminders", () => inner.ReadRows(begin, end));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        StorageOutage.TranslateAsync($"Reading reminder {reminderName} of {grainId}", () => inner.ReadRow(grainId, reminderName));

    public Task<string?> UpsertRow(ReminderEntry entry) =>
        StorageOutage.TranslateAsync($"Writing reminder {entry.ReminderName} of {entry.GrainId}", () => inner.UpsertRow(entry));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        StorageOutage.TranslateAsync($"Removing reminder {reminderName} of {grainId}", () => inner.RemoveRow(grainId, reminderName, eTag));

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
}

/// <summary>The event log whose outages surface as <see cref="StorageUnavailableException"/>.</summary>
public sealed class OutageTranslatingEventLog(IEventLog inner) : IEventLog, IAsyncDisposable
{
    public long LastSequence => inner.LastSequence;

    public Task<long[]> AppendAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        StorageOutage.TranslateAsync("Appending to the event log", () => inner.AppendAsync(events, cancellationToken));

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        StorageOutage.TranslateAsync("Reading the event log", () => inner.ReadAsync(query, cancellationToken));

    public Task<IReadOnlyList<LoggedEvent>> ReadTimelineAsync(
        string entityId, TimelinePosition after, DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) =>
        StorageOutage.TranslateAsync("Reading the event log", () => inner.ReadTimelineAsync(entityId, after, upTo, limit, cancellationToken));

    public Task<EntitySnapshot?> FindSnapshotAsync(string entityId, DateTimeOffset atOrBefore, CancellationToken cancellationToken = default) =>
        StorageOutage.TranslateAsync("Reading the event log", () => inner.FindSnapshotAsync(entityId, atOrBefore, cancellationToken));

    public Task<bool> SaveSnapshotAsync(EntitySnapshot snapshot, CancellationToken cancellationToken = default) =>
        StorageOutage.TranslateAsync("Writing a snapshot", () => inner.SaveSnapshotAsync(snapshot, cancellationToken));

    /// <summary>Lets the inner log write what is queued and stop (the SQLite log is IDisposable only).</summary>
    public ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable asyncDisposable) return asyncDisposable.DisposeAsync();
        (inner as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
