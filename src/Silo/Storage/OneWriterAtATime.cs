using Orleans.Runtime;
using Orleans.Storage;

namespace SmartCity.Silo.Storage;

/// <summary>
/// The single door to an SQLite file for writes. SQLite has one writer; concurrent writers from
/// Orleans' pooled connections otherwise meet SQLITE_BUSY, which Microsoft.Data.Sqlite answers by
/// sleeping and retrying on the calling thread: measured here, that sleeping took a quarter of the
/// silo's CPU time and stalled grains for seconds. Waiting here is asynchronous and costs no thread.
/// Grain state and reminders share one gate because they share the file. Reads pass straight
/// through: in WAL mode they never wait for the writer.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        await _writer.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            _writer.Release();
        }
    }

    public Task WriteAsync(Func<Task> write) => WriteAsync(async () =>
    {
        await write();
        return true;
    });

    public void Dispose() => _writer.Dispose();
}

/// <summary>Grain storage whose writes pass the file's <see cref="SqliteWriteGate"/>.</summary>
public sealed class OneWriterAtATime(IGrainStorage inner, SqliteWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));
}

/// <summary>
/// The reminder table whose writes pass the file's <see cref="SqliteWriteGate"/>: every citizen
/// report registers and moves a reminder, as often as reports change, so reminder writes meet
/// grain-state writes all the time.
/// </summary>
public sealed class OneReminderWriterAtATime(IReminderTable inner, SqliteWriteGate gate) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

    public Task<string?> UpsertRow(ReminderEntry entry) => gate.WriteAsync(() => inner.UpsertRow(entry));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        gate.WriteAsync(() => inner.RemoveRow(grainId, reminderName, eTag));

    public Task TestOnlyClearTable() => gate.WriteAsync(inner.TestOnlyClearTable);
}
