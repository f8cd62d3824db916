using System.Globalization;
using Npgsql;
using SmartCity.Silo.Tests.Cluster;
using SmartCity.Silo.Tests.PostgreSql;
using SmartCity.Silo.Tests.Restart;

namespace SmartCity.Benchmarks.Cluster;

/// <summary>
/// One PostgreSQL server of its own, then, one after the other, a cluster of each size on a fresh
/// database of that server, each silo an operating-system process: the same workload on each,
/// compared in one table. Not in the default run: it starts PostgreSQL and four silo processes and
/// takes about 2 minutes plus 9 phases of the given length.
/// </summary>
public static class ClusterBenchmark
{
    public static async Task RunAsync(TimeSpan phase, IReadOnlyList<int> sizes)
    {
        Console.WriteLine(Invariant($"SmartCity cluster benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; .NET {Environment.Version}"));
        Console.WriteLine(Invariant($"{TwinLoad.City.ParkingBays.Count} bays; PostgreSQL; {phase.TotalSeconds:F0} s per phase; load average {LoadAverage()}"));
        await using var database = await PostgresServer.StartAsync();
        var cpu = CpuSampler.ForDatabaseOn(new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
        var figures = new List<ClusterFigures>();
        foreach (int silos in sizes)
        {
            Console.WriteLine(Invariant($"  {silos} silo(s): starting"));
            figures.Add(await MeasureAsync(database, silos, phase, cpu));
            Console.WriteLine(Invariant($"  {silos} silo(s): done; load average {LoadAverage()}"));
        }
        ClusterTable.Print(Console.Out, [.. figures.OrderBy(f => f.Silos)]);
    }

    private static async Task<ClusterFigures> MeasureAsync(PostgresServer database, int silos, TimeSpan phase, CpuSampler cpu)
    {
        string folder = Directory.CreateTempSubdirectory("smartcity-cluster-bench-").FullName;
        string connectionString = await database.CreateDatabaseAsync(Invariant($"twin_{silos}_silos"));
        string[] args =
        [
            "--Storage:Provider=PostgreSql",
            $"--ConnectionStrings:PostgreSql={connectionString}",
            Invariant($"--Orleans:ClusterId=bench-{silos}"),
            "--Logging:LogLevel:Default=Warning",
        ];
        var started = new List<SiloProcess>();
        try
        {
            // The first silo applies the schema; the others join the cluster it started, together.
            started.Add(await SiloProcess.StartInAsync(folder, [.. args, "--Storage:ApplySchema=true"]));
            started.AddRange(await Task.WhenAll(Enumerable.Range(1, silos - 1)
                .Select(_ => SiloProcess.StartInAsync(folder, [.. args, "--Storage:ApplySchema=false"]))));
            using var workload = new ClusterWorkload([.. started.Select(s => s.BaseAddress)], phase, cpu, new DatabaseCounters(connectionString));
            return await workload.RunAsync();
        }
        finally
        {
            await StopAsync(started);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>SIGTERM to all, so each leaves the membership table cleanly; a silo that will not stop is killed.</summary>
    private static async Task StopAsync(List<SiloProcess> silos)
    {
        await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                await silo.StopAsync();
            }
            catch (Exception error) when (error is InvalidOperationException or OperationCanceledException)
            {
                Console.WriteLine($"  a silo did not stop cleanly ({error.Message}); killed");
            }
            await silo.DisposeAsync();
        }));
    }

    /// <summary>The 1, 5 and 15 minute load averages: how busy the machine was with anything at all.</summary>
    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
