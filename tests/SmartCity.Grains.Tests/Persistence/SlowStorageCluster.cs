using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Orleans.Timers;
using SmartCity.Grains.Events;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Tests.Cluster;

namespace SmartCity.Grains.Tests.Persistence;

/// <summary>
/// A one-silo cluster whose twin storage writes wait until the test lets them through, with a short
/// write-behind interval and a count of the grain timer ticks each grain has running.
/// </summary>
public sealed class SlowStorageCluster : IAsyncLifetime
{
    public static readonly TimeSpan WriteBehindInterval = TimeSpan.FromMilliseconds(100);

    public HeldStorage Storage { get; } = new();

    public RunningTimerTicks Ticks { get; } = new();

    public FakeTimeProvider Time { get; } = new(ClusterFixture.Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Twin, Storage);
            silo.Services.AddTwin(TestCity.Map, Time);
            silo.Services.AddSingleton<IEventLog>(services => new InMemoryEventLog(TimeProvider.System, services.GetRequiredService<EventBroadcast>()));
            silo.Services.Configure<TwinOptions>(o => o.WriteBehindInterval = WriteBehindInterval);
            silo.UseInMemoryReminderService();
            Ticks.Watch(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        Storage.LetWritesThrough();
        await Cluster.DisposeAsync();
    }
}

/// <summary>Grain storage that starts empty and holds every write until <see cref="LetWritesThrough"/>.</summary>
public sealed class HeldStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, DateTimeOffset?> _lastHeardWritten = new();
    private volatile TaskCompletionSource _writesMayPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void HoldWrites() => _writesMayPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void LetWritesThrough() => _writesMayPass.TrySetResult();

    /// <summary>When the bay's sensor was last heard from, as the bay's last finished write stored it.</summary>
    public DateTimeOffset? BayLastHeardWritten(GrainId bay) => _lastHeardWritten.GetValueOrDefault(bay);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // What the write stores is the state as it is when the write starts.
        var lastHeard = grainState.State is ParkingBayState bay ? bay.Sensor.LastHeardAt : null;
        await _writesMayPass.Task;
        _lastHeardWritten[grainId] = lastHeard;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
}

/// <summary>Counts, per grain, the timer ticks whose callbacks are running, and the most seen at once.</summary>
public sealed class RunningTimerTicks
{
    private readonly ConcurrentDictionary<GrainId, (int Now, int Most)> _ticks = new();

    public int MostAtOnce(GrainId grain) => _ticks.GetValueOrDefault(grain).Most;

    /// <summary>Puts a counting wrapper around the silo's timer registry.</summary>
    public void Watch(IServiceCollection services)
    {
        var orleans = services.Last(d => d.ServiceType == typeof(ITimerRegistry));
        services.Remove(orleans);
        services.AddSingleton<ITimerRegistry>(provider => new CountingTimerRegistry(
            (ITimerRegistry)ActivatorUtilities.CreateInstance(provider, orleans.ImplementationType!), this));
    }

    private void Started(GrainId grain) =>
        _ticks.AddOrUpdate(grain, (1, 1), (_, t) => (t.Now + 1, Math.Max(t.Most, t.Now + 1)));

    private void Ended(GrainId grain) => _ticks.AddOrUpdate(grain, (0, 0), (_, t) => (t.Now - 1, t.Most));

    private sealed class CountingTimerRegistry(ITimerRegistry orleans, RunningTimerTicks ticks) : ITimerRegistry
    {
        public IGrainTimer RegisterGrainTimer<TState>(IGrainContext grainContext, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
            orleans.RegisterGrainTimer(grainContext, async (s, cancellation) =>
            {
                ticks.Started(grainContext.GrainId);
                try
                {
                    await callback(s, cancellation);
                }
                finally
                {
                    ticks.Ended(grainContext.GrainId);
                }
            }, state, options);

        public IDisposable RegisterTimer(IGrainContext grainContext, Func<object?, Task> asyncCallback, object? state, TimeSpan dueTime, TimeSpan period) =>
            // The replacement Orleans names for this obsolete member.
            RegisterGrainTimer(grainContext, (s, _) => asyncCallback(s), state, new GrainTimerCreationOptions { DueTime = dueTime, Period = period, Interleave = true });
    }
}
