using Npgsql;
using SmartCity.Silo.Tests.PostgreSql;
using SmartCity.Silo.Tests.Restart;

namespace SmartCity.Silo.Tests.Cluster;

/// <summary>
/// A real cluster on one machine: a PostgreSQL server of its own and silo processes sharing it, each
/// serving the HTTP API on its own loopback port. Silos notice a dead peer within seconds
/// (probes every 2 s, two misses), and report deadlines are seconds long so reminders fire during a test.
/// </summary>
public sealed class TwinCluster : IAsyncDisposable
{
    /// <summary>How long after filing a "quick" report is due for acknowledgement.</summary>
    public static readonly TimeSpan QuickDeadline = TimeSpan.FromSeconds(8);

    private readonly string _folder;
    private readonly string[] _args;

    private TwinCluster(PostgresServer database, string connectionString, string folder, string[] args)
    {
        Database = database;
        ConnectionString = connectionString;
        _folder = folder;
        _args = args;
    }

    public PostgresServer Database { get; }

    public string ConnectionString { get; }

    /// <summary>The silos by index; a crashed one stays in its place until it is started again.</summary>
    public List<SiloProcess> Silos { get; } = [];

    public static async Task<TwinCluster> StartAsync(int silos)
    {
        var database = await PostgresServer.StartAsync();
        string folder = Directory.CreateTempSubdirectory("smartcity-cluster-").FullName;
        string connectionString = await database.CreateDatabaseAsync("twin");
        string categories = Path.Combine(folder, "categories.json");
        await File.WriteAllTextAsync(categories, $$"""
            { "categories": [ {
                "code": "quick", "name": "Quick", "description": "Deadlines of seconds for a fault test.", "group": "Tests",
                "keywords": [], "acknowledgeWithin": "{{QuickDeadline:c}}", "resolveWithin": "01:00:00",
                "department": null, "attributes": [] },
              { "code": "slow", "name": "Slow", "description": "Deadlines far beyond the test.", "group": "Tests",
                "keywords": [], "acknowledgeWithin": "01:00:00", "resolveWithin": "1.00:00:00",
                "department": null, "attributes": [] } ] }
            """);
        string[] args =
        [
            "--Storage:Provider=PostgreSql",
            $"--ConnectionStrings:PostgreSql={connectionString}",
            "--Orleans:ClusterId=fault-test",
            "--Orleans:Membership:ProbeTimeout=00:00:02",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            $"--Reports:CategoriesPath={categories}",
            "--Reminders:MinimumPeriod=00:00:01",
            "--Reports:DeadlineRecheck=00:00:01",
        ];
        var cluster = new TwinCluster(database, connectionString, folder, args);
        try
        {
            // The first silo applies the schema; the others join the cluster it started, together.
            cluster.Silos.Add(await cluster.StartSiloAsync(applySchema: true));
            cluster.Silos.AddRange(await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.StartSiloAsync())));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts silo <paramref name="index"/> again, as a new process, in place of the one that crashed.</summary>
    public async Task RestartSiloAsync(int index)
    {
        await Silos[index].DisposeAsync();
        Silos[index] = await StartSiloAsync();
    }

    private Task<SiloProcess> StartSiloAsync(bool applySchema = false) =>
        SiloProcess.StartInAsync(_folder, [.. _args, $"--Storage:ApplySchema={applySchema}"]);

    /// <summary>Silos the membership table lists with the given Orleans status (3 Active, 6 Dead).</summary>
    public async Task<long> SilosWithStatusAsync(int status)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansMembership WHERE Status = @status", connection);
        count.Parameters.AddWithValue("status", status);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos) await silo.DisposeAsync();
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A silo's last log write may still hold the folder; the temp folder is cleaned up anyway.
        }
    }
}
