using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The single door to an SQLite file for writes. SQLite has one writer; concurrent writers from
/// Orleans' pooled connections otherwise meet SQLITE_BUSY, which Microsoft.Data.Sqlite answers by
/// sleeping and retrying on the calling thread: measured here, that sleeping took a quarter of the
/// silo's CPU time and stalled grains for seconds. Waiting in the <see cref="StorageWriteGate"/> is
/// asynchronous, costs no thread, and puts interactive writes before write-behind ones. Grain state
/// and reminders share one gate because they share the file. Reads pass straight through: in WAL
/// mode they never wait for the writer.
/// </summary>
public static class SqliteWriter
{
    /// <summary>One writer at a time, background or not.</summary>
    public static StorageWriteGate NewGate() => new(writers: 1, backgroundWriters: 1);

    /// <summary>
    /// Runs a read or write; after an outage, drops the pooled connections: one opened on a file since
    /// moved, removed or remounted stays broken, while a fresh one finds the file as it is by then.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception error) when (StorageOutage.Is(error))
        {
            SqliteConnection.ClearAllPools();
            throw;
        }
    }

    public static Task RunAsync(Func<Task> operation) => RunAsync(async () =>
    {
        await operation();
        return true;
    });
}

/// <summary>Grain storage whose writes pass the file's <see cref="StorageWriteGate"/>.</summary>
public sealed class OneWriterAtATime(IGrainStorage inner, StorageWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        SqliteWriter.RunAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => SqliteWriter.RunAsync(() => inner.WriteStateAsync(stateName, grainId, grainState)));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => SqliteWriter.RunAsync(() => inner.ClearStateAsync(stateName, grainId, grainState)));
}

/// <summary>
/// The reminder table whose writes pass the file's <see cref="StorageWriteGate"/>: every citizen
/// report registers and moves a reminder, as often as reports change, so reminder writes meet
/// grain-state writes all the time.
/// </summary>
public sealed class OneReminderWriterAtATime(IReminderTable inner, StorageWriteGate gate) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => SqliteWriter.RunAsync(() => inner.ReadRows(grainId));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => SqliteWriter.RunAsync(() => inner.ReadRows(begin, end));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => SqliteWriter.RunAsync(() => inner.ReadRow(grainId, reminderName));

    public Task<string?> UpsertRow(ReminderEntry entry) => gate.WriteAsync(() => SqliteWriter.RunAsync(() => inner.UpsertRow(entry)));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        gate.WriteAsync(() => SqliteWriter.RunAsync(() => inner.RemoveRow(grainId, reminderName, eTag)));

    public Task TestOnlyClearTable() => gate.WriteAsync(inner.TestOnlyClearTable);
}
