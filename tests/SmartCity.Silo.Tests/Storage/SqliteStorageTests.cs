using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>Grain storage in the embedded SQLite file, through deploy/sql/sqlite/storage.sql.</summary>
public sealed class SqliteStorageTests : StorageContract, IDisposable
{
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

    protected override void AddStorage(ISiloBuilder silo, Action<AdoNetGrainStorageOptions>? configure) =>
        silo.AddSqliteGrainStorage(Provider, DbPath, configure);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        return connection;
    }

    protected override Task<(string? Payload, long Version)> ReadRowAsync(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CAST(PayloadBinary AS TEXT), Version FROM OrleansGrainState
            WHERE ServiceId = $service AND StateName = $state AND GrainIdExtension = $key;
            """;
        command.Parameters.AddWithValue("$service", ServiceId);
        command.Parameters.AddWithValue("$state", StateName);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row for {key}");
        return Task.FromResult((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1)));
    }

    protected override Task<long> CountRowsAsync()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansGrainState WHERE ServiceId = $service;";
        command.Parameters.AddWithValue("$service", ServiceId);
        return Task.FromResult((long)command.ExecuteScalar()!);
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
