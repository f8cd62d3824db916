using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>Test-only grain: a counter persisted on every call through the SQLite provider.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> GetTotal();

    Task Clear();
}

public sealed class StorageProbeState
{
    public int Total { get; set; }
}

public sealed class StorageProbeGrain(
    [PersistentState("storagetestcounter", SqliteStorageTests.Provider)] IPersistentState<StorageProbeState> state)
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
}

public sealed class SqliteStorageTests : IDisposable
{
    public const string Provider = "sqlitetest";

    // Rows are keyed by ServiceId, and the test cluster picks a random one: pin it so that a
    // restarted cluster finds the rows of the previous one.
    private const string ServiceId = "smartcity-storage-tests";

    private static readonly string ScriptsFolder = Path.Combine(AppContext.BaseDirectory, "sql", "sqlite");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smartcity-storage-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_folder, "twin.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task StateSurvivesAClusterRestartOnTheSameFile()
    {
        await using (var first = await StartClusterAsync())
        {
            var grain = first.Client.GetGrain<IStorageProbeGrain>("probe:1");
            await grain.Add(2);
            Assert.Equal(5, await grain.Add(3));
            await first.StopAllSilosAsync();
        }

        // Stored as plain System.Text.Json, without CLR type names, at version 2 after two writes.
        var (payload, version) = ReadRow("probe:1");
        Assert.Equal("""{"Total":5}""", payload);
        Assert.Equal(2, version);

        await using var second = await StartClusterAsync();
        var again = second.Client.GetGrain<IStorageProbeGrain>("probe:1");
        Assert.Equal(5, await again.GetTotal());
        Assert.Equal(6, await again.Add(1)); // the version read back is accepted by the next write
        Assert.Equal(3, ReadRow("probe:1").Version);
    }

    [Fact]
    public async Task StaleWritesRaiseInconsistentStateException()
    {
        // Two clusters on one file and one ServiceId: the same grain is active twice, as after a
        // split brain, and only the activation holding the current version may write.
        await using var a = await StartClusterAsync(o => o.DeleteStateOnClear = true);
        await using var b = await StartClusterAsync(o => o.DeleteStateOnClear = true);

        var inA = a.Client.GetGrain<IStorageProbeGrain>("probe:stale");
        var inB = b.Client.GetGrain<IStorageProbeGrain>("probe:stale");
        Assert.Equal(1, await inA.Add(1));   // A writes version 1
        Assert.Equal(11, await inB.Add(10)); // B activates, reads version 1, writes version 2
        await Assert.ThrowsAsync<InconsistentStateException>(() => inA.Add(100)); // A still holds version 1
        Assert.Equal(("""{"Total":11}""", 2L), ReadRow("probe:stale"));

        // Both activate before any row exists; the second first write must not overwrite the first.
        var newA = a.Client.GetGrain<IStorageProbeGrain>("probe:new");
        var newB = b.Client.GetGrain<IStorageProbeGrain>("probe:new");
        Assert.Equal(0, await newA.GetTotal());
        Assert.Equal(0, await newB.GetTotal());
        Assert.Equal(1, await newA.Add(1));
        await Assert.ThrowsAsync<InconsistentStateException>(() => newB.Add(2));
        Assert.Equal(("""{"Total":1}""", 1L), ReadRow("probe:new"));

        // A deletes the row B has read: B's write must fail, not bring the row back.
        var goneA = a.Client.GetGrain<IStorageProbeGrain>("probe:gone");
        var goneB = b.Client.GetGrain<IStorageProbeGrain>("probe:gone");
        Assert.Equal(1, await goneA.Add(1));
        Assert.Equal(1, await goneB.GetTotal());
        await goneA.Clear();
        await Assert.ThrowsAsync<InconsistentStateException>(() => goneB.Add(5));
        Assert.Equal(2, CountRows()); // probe:stale and probe:new only
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
            Assert.Equal(deleteStateOnClear ? 0 : 1, CountRows());
            Assert.Equal(2, await grain.Add(2));
            await first.StopAllSilosAsync();
        }

        Assert.Equal(("""{"Total":2}""", deleteStateOnClear ? 1L : 3L), ReadRow("probe:clear"));

        await using var second = await StartClusterAsync();
        Assert.Equal(2, await second.Client.GetGrain<IStorageProbeGrain>("probe:clear").GetTotal());
    }

    [Fact]
    public void EnsureSchemaTwiceIsHarmless()
    {
        SqliteDatabase.EnsureSchema(DbPath, ScriptsFolder);
        using (var connection = Open())
        {
            Execute(connection, """
                INSERT INTO OrleansGrainState
                    (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension, PayloadBinary, Version, ModifiedUnixTime)
                VALUES ('svc', 'state', 0, 0, 'probe:kept', x'7B7D', 7, 0);
                """);
        }

        SqliteDatabase.EnsureSchema(DbPath, ScriptsFolder);

        using var reopened = Open();
        Assert.Equal("wal", Scalar(reopened, "PRAGMA journal_mode;")); // persisted in the file
        Assert.Equal(7L, Scalar(reopened, "SELECT Version FROM OrleansGrainState WHERE GrainIdExtension = 'probe:kept';"));
        Assert.Equal(
            "ClearStorageKey,DeleteStorageKey,ReadFromStorageKey,WriteToStorageKey",
            Scalar(reopened, "SELECT group_concat(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery WHERE QueryKey LIKE '%StorageKey';"));
    }

    [Fact]
    public async Task DataSourceConnectionsRunWithSynchronousNormal()
    {
        SqliteDatabase.EnsureSchema(DbPath, ScriptsFolder);
        var dataSource = SqliteDatabase.CreateDataSource(DbPath);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, await command.ExecuteScalarAsync()); // 1 = NORMAL, 2 = FULL (the default)
    }

    private async Task<InProcessTestCluster> StartClusterAsync(Action<AdoNetGrainStorageOptions>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorage(Provider, DbPath, configure));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        return connection;
    }

    private (string? Payload, long Version) ReadRow(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CAST(PayloadBinary AS TEXT), Version FROM OrleansGrainState
            WHERE ServiceId = $service AND StateName = 'storagetestcounter' AND GrainIdExtension = $key;
            """;
        command.Parameters.AddWithValue("$service", ServiceId);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row for {key}");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
    }

    private long CountRows()
    {
        using var connection = Open();
        return (long)Scalar(connection, "SELECT count(*) FROM OrleansGrainState;")!;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
