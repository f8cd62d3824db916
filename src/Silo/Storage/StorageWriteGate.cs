using Orleans.Runtime;
using Orleans.Storage;
using SmartCity.Grains.Persistence;

namespace SmartCity.Silo.Storage;

/// <summary>
/// Admits storage writes: at most <c>writers</c> at once, of which at most <c>backgroundWriters</c>
/// are write-behind flushes (<see cref="StorageWritePriority"/>), and a waiting interactive write
/// always goes before a waiting background one. A burst that marks all 20,000 bays changed then
/// queues here instead of in front of a citizen's report: on SQLite (one writer) the report waits
/// for at most the one write under way; on PostgreSQL write-behind never holds more than its share
/// of the connection pool. Waiting is asynchronous and costs no thread.
/// </summary>
public sealed class StorageWriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _interactive = new();
    private readonly Queue<TaskCompletionSource> _background = new();
    private readonly int _writers;
    private readonly int _backgroundWriters;
    private int _running;
    private int _runningBackground;

    public StorageWriteGate(int writers, int backgroundWriters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(backgroundWriters, 1);
        _writers = writers;
        _backgroundWriters = Math.Min(backgroundWriters, writers);
    }

    /// <summary>Background writes running now.</summary>
    public int RunningBackground
    {
        get { lock (_lock) return _runningBackground; }
    }

    /// <summary>The most background writes that ever ran at once.</summary>
    public int MostBackgroundAtOnce { get; private set; }

    /// <summary>Background writes that started while an interactive write was waiting: 0 unless the gate is wrong.</summary>
    public long BackgroundOvertakes { get; private set; }

    public async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        bool background = StorageWritePriority.IsBackground;
        await EnterAsync(background);
        try
        {
            return await write();
        }
        finally
        {
            Leave(background);
        }
    }

    public Task WriteAsync(Func<Task> write) => WriteAsync(async () =>
    {
        await write();
        return true;
    });

    private Task EnterAsync(bool background)
    {
        lock (_lock)
        {
            var queue = background ? _background : _interactive;
            if (queue.Count == 0 && (background ? _interactive.Count == 0 && CanStartBackground() : _running < _writers))
            {
                Start(background);
                return Task.CompletedTask;
            }
            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Enqueue(turn);
            return turn.Task;
        }
    }

    private void Leave(bool background)
    {
        var started = new List<TaskCompletionSource>();
        lock (_lock)
        {
            _running--;
            if (background) _runningBackground--;
            while (_running < _writers)
            {
                if (_interactive.TryDequeue(out var next))
                {
                    Start(background: false);
                }
                else if (CanStartBackground() && _background.TryDequeue(out next))
                {
                    Start(background: true);
                }
                else
                {
                    break;
                }
                started.Add(next);
            }
        }
        // Outside the lock: the next writers run on the thread pool (RunContinuationsAsynchronously).
        foreach (var turn in started) turn.SetResult();
    }

    private bool CanStartBackground() => _running < _writers && _runningBackground < _backgroundWriters;

    private void Start(bool background)
    {
        _running++;
        if (!background) return;
        if (_interactive.Count > 0) BackgroundOvertakes++;
        _runningBackground++;
        MostBackgroundAtOnce = Math.Max(MostBackgroundAtOnce, _runningBackground);
    }
}

/// <summary>Grain storage whose writes pass a <see cref="StorageWriteGate"/>; reads go straight through.</summary>
public sealed class GatedStorage(IGrainStorage inner, StorageWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.WriteAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));
}
