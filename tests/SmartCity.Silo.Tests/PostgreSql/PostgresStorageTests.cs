using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.Storage;

namespace SmartCity.Silo.Tests.PostgreSql;

/// <summary>
/// One database per test class on the shared server, with the whole schema of deploy/sql/postgresql/ applied
/// as a silo applies it. Tests of a class tell their rows apart by ServiceId or ClusterId.
/// </summary>
internal static class OrleansDatabase
{
    // Made once per (server, class) and kept for the run: xunit v2 gives a class fixture no access to the
    // collection fixture that owns the server, and the pools go down with the server at the end.
    private static readonly ConcurrentDictionary<(PostgresServer Server, string Name), Lazy<Task<NpgsqlDataSource>>> Databases = new();

    public static Task<NpgsqlDataSource> ForClassAsync(PostgresServer server, string name) =>
        Databases.GetOrAdd((server, name), key => new Lazy<Task<NpgsqlDataSource>>(() => CreateAsync(key.Server, key.Name))).Value;

    private static async Task<NpgsqlDataSource> CreateAsync(PostgresServer server, string name)
    {
        var dataSource = PostgresDatabase.CreateDataSource(await server.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}"));
        await PostgresDatabase.ApplySchemaAsync(dataSource, PostgresDatabase.ScriptsFolder);
        return dataSource;
    }
}

/// <summary>Grain storage in PostgreSQL, through deploy/sql/postgresql/01-storage.sql and PostgresDatabase.AddPostgresGrainStorage.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageTests(PostgresFixture postgres) : StorageContract, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _dataSource = await OrleansDatabase.ForClassAsync(postgres.Server, "storage");

    // The class's database and its pool stay for the other tests of the class.
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Schema_applied_again_keeps_stored_state_and_every_storage_query()
    {
        await using (var insert = DataSource.CreateCommand("""
            INSERT INTO OrleansGrainState (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension, PayloadBinary, Version, ModifiedOn)
            VALUES ($1, 'state', 0, 0, 'probe:kept', '\x7b7d', 7, now());
            """))
        {
            insert.Parameters.AddWithValue(ServiceId);
            await insert.ExecuteNonQueryAsync();
        }

        await PostgresDatabase.ApplySchemaAsync(DataSource, PostgresDatabase.ScriptsFolder);

        await using var kept = DataSource.CreateCommand("SELECT Version FROM OrleansGrainState WHERE ServiceId = $1 AND GrainIdExtension = 'probe:kept';");
        kept.Parameters.AddWithValue(ServiceId);
        Assert.Equal(7, await kept.ExecuteScalarAsync());
        await using var queries = DataSource.CreateCommand(
            "SELECT string_agg(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery WHERE QueryKey LIKE '%StorageKey';");
        Assert.Equal("ClearStorageKey,DeleteStorageKey,ReadFromStorageKey,WriteToStorageKey", await queries.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Three_test_silos_share_the_database_and_a_stopped_silos_grains_come_back_elsewhere_with_their_state()
    {
        // Orleans.TestingHost with three silos on the PostgreSQL storage (membership is the test
        // cluster's own; PostgresMembershipTests covers it on PostgreSQL).
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => AddStorage(silo, configure: null));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var keys = Enumerable.Range(0, 60).Select(i => $"probe:multi-{i}").ToList();
        foreach (var key in keys) await cluster.Client.GetGrain<IStorageProbeGrain>(key).Add(5);
        var placed = new Dictionary<string, SiloAddress>();
        foreach (var key in keys) placed[key] = await cluster.Client.GetGrain<IStorageProbeGrain>(key).GetSilo();
        Assert.Equal(3, placed.Values.Distinct().Count());

        var stopped = cluster.Silos.First(s => s.SiloAddress != cluster.Silos[0].SiloAddress);
        var moved = keys.Where(k => placed[k] == stopped.SiloAddress).ToList();
        await cluster.StopSiloAsync(stopped);

        foreach (var key in moved)
        {
            var grain = cluster.Client.GetGrain<IStorageProbeGrain>(key);
            Assert.Equal(12, await grain.Add(7)); // read back from the database on a survivor, then written again
            Assert.NotEqual(stopped.SiloAddress, await grain.GetSilo());
        }
        Assert.Equal(keys.Count, await CountRowsAsync());
    }

    protected override void AddStorage(ISiloBuilder silo, Action<AdoNetGrainStorageOptions>? configure)
    {
        silo.AddPostgresGrainStorage(Provider, DataSource);
        // AddPostgresGrainStorage takes no options of its own; the test cluster has this one ADO.NET storage only.
        if (configure is not null) silo.Services.PostConfigureAll(configure);
    }

    protected override async Task<(string? Payload, long Version)> ReadRowAsync(string key)
    {
        await using var command = DataSource.CreateCommand("""
            SELECT convert_from(PayloadBinary, 'UTF8'), Version FROM OrleansGrainState
            WHERE ServiceId = $1 AND StateName = $2 AND GrainIdExtension = $3;
            """);
        command.Parameters.AddWithValue(ServiceId);
        command.Parameters.AddWithValue(StateName);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {key}");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1));
    }

    protected override async Task<long> CountRowsAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM OrleansGrainState WHERE ServiceId = $1;");
        command.Parameters.AddWithValue(ServiceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
