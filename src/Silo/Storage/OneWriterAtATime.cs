using Orleans.Runtime;
using Orleans.Storage;

namespace SmartCity.Silo.Storage;

/// <summary>
/// Lets one write at a time reach an SQLite file. SQLite has a single writer; concurrent writers
/// from Orleans' pooled connections otherwise meet SQLITE_BUSY, which Microsoft.Data.Sqlite answers by
/// sleeping and retrying on the calling thread: measured here, that sleeping took a quarter of the
/// silo's CPU time and stalled grains for seconds. Waiting here is asynchronous and costs no thread.
/// Reads pass straight through: in WAL mode they never wait for the writer.
/// </summary>
public sealed class OneWriterAtATime(IGrainStorage inner) : IGrainStorage, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Dispose() => _writer.Dispose();

    private async Task OneAtATimeAsync(Func<Task> write)
    {
        await _writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }
}
