using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>Test-only grain: a counter persisted on every call through the storage under test.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> GetTotal();

    Task Clear();

    /// <summary>The silo this activation runs on, so a test can stop exactly that one.</summary>
    Task<SiloAddress> GetSilo();
}

public sealed class StorageProbeState
{
    public int Total { get; set; }
}

// Random placement: Orleans' default (resource-optimized) may leave a silo it finds busier without
// any probe, and the cluster tests need probes on every silo to stop one of them.
[Orleans.Placement.RandomPlacement]
public sealed class StorageProbeGrain(
    [PersistentState(StorageContract.StateName, StorageContract.Provider)] IPersistentState<StorageProbeState> state,
    ILocalSiloDetails silo)
    : Grain, IStorageProbeGrain
{
    public async Task<int> Add(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<int> GetTotal() => Task.FromResult(state.State.Total);

    public Task Clear() => state.ClearStateAsync();

    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);
}

/// <summary>
/// What Orleans' ADO.NET grain storage must do on every database SmartCity supports, proven through
/// in-process test clusters. A subclass says how a silo gets the storage and how to look at the stored rows.
/// </summary>
public abstract class StorageContract
{
    public const string Provider = "storagetest";

    public const string StateName = "storagetestcounter";

    /// <summary>
    /// Rows are keyed by ServiceId, and a test cluster picks a random one: pinned per test, so a restarted
    /// cluster finds the rows of the previous one and tests sharing a database never see each other's rows.
    /// </summary>
    protected string ServiceId { get; } = "storage-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>Registers grain storage <see cref="Provider"/> on the database under test.</summary>
    protected abstract void AddStorage(ISiloBuilder silo, Action<AdoNetGrainStorageOptions>? configure);

    /// <summary>The stored payload as text (NULL once cleared) and version of <paramref name="key"/>'s row.</summary>
    protected abstract Task<(string? Payload, long Version)> ReadRowAsync(string key);

    /// <summary>How many rows this test's service has in the storage table.</summary>
    protected abstract Task<long> CountRowsAsync();

    [Fact]
    public async Task StateSurvivesAClusterRestartOnTheSameDatabase()
    {
        await using (var first = await StartClusterAsync())
        {
            var grain = first.Client.GetGrain<IStorageProbeGrain>("probe:1");
            await grain.Add(2);
            Assert.Equal(5, await grain.Add(3));
            await first.StopAllSilosAsync();
        }

        // Stored as plain System.Text.Json, without CLR type names, at version 2 after two writes.
        Assert.Equal(("""{"Total":5}""", 2L), await ReadRowAsync("probe:1"));

        await using var second = await StartClusterAsync();
        var again = second.Client.GetGrain<IStorageProbeGrain>("probe:1");
        Assert.Equal(5, await again.GetTotal());
        Assert.Equal(6, await again.Add(1)); // the version read back is accepted by the next write
        Assert.Equal(3, (await ReadRowAsync("probe:1")).Version);
    }

    [Fact]
    public async Task StaleWritesRaiseInconsistentStateException()
    {
        // Two clusters on one database and one ServiceId: the same grain is active twice, as after a
        // split brain, and only the activation holding the current version may write.
        await using var a = await StartClusterAsync(o => o.DeleteStateOnClear = true);
        await using var b = await StartClusterAsync(o => o.DeleteStateOnClear = true);

        var inA = a.Client.GetGrain<IStorageProbeGrain>("probe:stale");
        var inB = b.Client.GetGrain<IStorageProbeGrain>("probe:stale");
        Assert.Equal(1, await inA.Add(1));   // A writes version 1
        Assert.Equal(11, await inB.Add(10)); // B activates, reads version 1, writes version 2
        await Assert.ThrowsAsync<InconsistentStateException>(() => inA.Add(100)); // A still holds version 1
        Assert.Equal(("""{"Total":11}""", 2L), await ReadRowAsync("probe:stale"));

        // Both activate before any row exists; the second first write must not overwrite the first.
        var newA = a.Client.GetGrain<IStorageProbeGrain>("probe:new");
        var newB = b.Client.GetGrain<IStorageProbeGrain>("probe:new");
        Assert.Equal(0, await newA.GetTotal());
        Assert.Equal(0, await newB.GetTotal());
        Assert.Equal(1, await newA.Add(1));
        await Assert.ThrowsAsync<InconsistentStateException>(() => newB.Add(2));
        Assert.Equal(("""{"Total":1}""", 1L), await ReadRowAsync("probe:new"));

        // A deletes the row B has read: B's write must fail, not bring the row back.
        var goneA = a.Client.GetGrain<IStorageProbeGrain>("probe:gone");
        var goneB = b.Client.GetGrain<IStorageProbeGrain>("probe:gone");
        Assert.Equal(1, await goneA.Add(1));
        Assert.Equal(1, await goneB.GetTotal());
        await goneA.Clear();
        await Assert.ThrowsAsync<InconsistentStateException>(() => goneB.Add(5));
        Assert.Equal(2, await CountRowsAsync()); // probe:stale and probe:new only
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClearedStateReadsEmptyAndCanBeWrittenAgain(bool deleteStateOnClear)
    {
        // false runs ClearStorageKey (row kept, payload NULL), true runs DeleteStorageKey.
        await using (var first = await StartClusterAsync(o => o.DeleteStateOnClear = deleteStateOnClear))
        {
            var grain = first.Client.GetGrain<IStorageProbeGrain>("probe:clear");
            await grain.Add(5);
            await grain.Clear();
            Assert.Equal(0, await grain.GetTotal());
            Assert.Equal(deleteStateOnClear ? 0 : 1, await CountRowsAsync());
            if (!deleteStateOnClear) Assert.Equal((null, 2L), await ReadRowAsync("probe:clear"));
            Assert.Equal(2, await grain.Add(2));
            await first.StopAllSilosAsync();
        }

        Assert.Equal(("""{"Total":2}""", deleteStateOnClear ? 1L : 3L), await ReadRowAsync("probe:clear"));

        await using var second = await StartClusterAsync();
        Assert.Equal(2, await second.Client.GetGrain<IStorageProbeGrain>("probe:clear").GetTotal());
    }

    [Fact]
    public async Task KeysStoredWithoutAStringPartSurviveARestart()
    {
        // Orleans stores a string key that parses as a number or a Guid in GrainIdN0/N1, with no string
        // part: the queries must match that NULL extension too, on reads and on writes after the first.
        string[] keys = ["7f", "0b6c9a4e-1f3d-4c55-9a7e-5d2b8c1e0f42"];
        await using (var first = await StartClusterAsync())
        {
            foreach (var key in keys)
            {
                await first.Client.GetGrain<IStorageProbeGrain>(key).Add(2);
                await first.Client.GetGrain<IStorageProbeGrain>(key).Add(3);
            }
            await first.StopAllSilosAsync();
        }

        Assert.Equal(2, await CountRowsAsync());
        await using var second = await StartClusterAsync();
        foreach (var key in keys)
        {
            Assert.Equal(6, await second.Client.GetGrain<IStorageProbeGrain>(key).Add(1));
        }
        Assert.Equal(2, await CountRowsAsync());
    }

    private async Task<InProcessTestCluster> StartClusterAsync(Action<AdoNetGrainStorageOptions>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => AddStorage(silo, configure));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
