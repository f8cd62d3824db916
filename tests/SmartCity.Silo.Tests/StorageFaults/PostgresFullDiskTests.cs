using System.Diagnostics;
using Npgsql;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.PostgreSql;

namespace SmartCity.Silo.Tests.StorageFaults;

/// <summary>
/// PostgreSQL running out of disk: the event log's database lives in a tablespace on a small tmpfs that
/// the test fills. Appends must fail as an outage (SQLSTATE class 53, answered 503), log nothing of the
/// failed batch, and succeed again by themselves once there is room.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFullDiskTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Full_tablespace_fails_appends_as_an_outage_and_they_succeed_once_there_is_room()
    {
        await using var disk = await TmpfsFolder.MountAsync(megabytes: 24);
        string location = Path.Combine(disk.Path, "tablespace");
        Directory.CreateDirectory(location);
        await RunAsync("chown", "postgres:postgres", location);
        string name = $"full_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE TABLESPACE \"{name}\" LOCATION '{location}'", $"CREATE DATABASE \"{name}\" TABLESPACE \"{name}\"");
        try
        {
            await FillAndEmptyAsync(disk, name);
        }
        finally
        {
            // Before the tmpfs goes: the shared server must not keep a database on a vanished disk.
            await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"DROP TABLESPACE IF EXISTS \"{name}\"");
        }
    }

    private async Task FillAndEmptyAsync(TmpfsFolder disk, string name)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = name }.ConnectionString);
        await EventLogDatabase.ApplySchemaAsync(dataSource);
        await using var log = new OutageTranslatingEventLog(new PostgresEventLog(dataSource, TimeProvider.System));

        await log.AppendAsync(Events("before", 10));
        string filler = await disk.FillAsync();
        var refused = await Record.ExceptionAsync(() => log.AppendAsync(Events("during", 20_000)));
        File.Delete(filler);
        await log.AppendAsync(Events("after", 10));

        Assert.IsType<StorageUnavailableException>(refused);
        var logged = await EventLogDatabase.ReadAllAsync(log);
        Assert.Equal(20, logged.Count);
        Assert.DoesNotContain(logged, e => e.EntityId.StartsWith("during", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), logged.Select(e => e.Sequence));
    }

    private async Task AdminAsync(params string[] statements)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        foreach (string statement in statements)
        {
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static NewEvent[] Events(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new NewEvent(
            EventTypes.Reading, $"{prefix}-{i}", null, null, DateTimeOffset.UtcNow, $"{{\"padding\":\"{new string('x', 400)}\"}}"))];

    private static async Task RunAsync(string command, params string[] args)
    {
        using var process = Process.Start(command, args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} failed.");
    }
}
