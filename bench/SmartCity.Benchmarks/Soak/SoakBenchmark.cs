using System.Globalization;
using SmartCity.Silo.Tests.Cluster;
using SmartCity.Silo.Tests.Restart;
using SmartCity.Silo.Tests.Soak;
using SmartCity.TestSupport;

namespace SmartCity.Benchmarks.Soak;

/// <summary>
/// The 10-minute soak (docs/soak.md): a silo process on SQLite with default settings, driven above
/// capacity by sensor gateways and citizens, its resident memory sampled every second; at the end the
/// event log is checked against every accepted reading and report. Prints a line a minute and the last figures.
/// </summary>
public static class SoakBenchmark
{
    public static async Task<int> RunAsync(TimeSpan duration, int gateways, int batchSize)
    {
        string folder = Directory.CreateTempSubdirectory("smartcity-soak-").FullName;
        try
        {
            await using var silo = await SiloProcess.StartAsync(Path.Combine(folder, "twin.db"), "--Logging:LogLevel:Default=Warning");
            Console.WriteLine(FormattableString.Invariant(
                $"SmartCity soak {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; load average {LoadAverage()}; .NET {Environment.Version}; SQLite; {gateways} gateways x {batchSize} readings + 4 citizens; {duration.TotalMinutes:0.#} min"));
            var load = new SoakLoad(silo.BaseAddress, silo.ProcessId, TwinLoad.City, gateways, batchSize, citizens: 4);
            await load.RunAsync(duration, TimeSpan.FromMinutes(1), figures => Console.WriteLine(figures));
            var figures = load.Figures;
            Console.WriteLine("Checking the event log against every accepted reading and report...");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) }.AsAdmin();
            var check = await load.CheckLogAsync(http);
            long checkRssMax = load.CheckRssMaxBytes;
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"rate          {figures.ReadingsPerSecond:N0} readings/s accepted over {figures.Elapsed.TotalSeconds:0} s"));
            Console.WriteLine(FormattableString.Invariant($"accepted      {figures.ReadingsAccepted:N0} readings, {figures.ReportsFiled:N0} reports"));
            Console.WriteLine(FormattableString.Invariant($"shed          {figures.ReadingsShed:N0} readings (503 + Retry-After), {figures.ReportsRefused:N0} reports"));
            Console.WriteLine(FormattableString.Invariant($"no answer     {figures.Failures}"));
            Console.WriteLine(FormattableString.Invariant($"RSS max       {figures.RssMaxBytes / 1048576} MiB (ceiling {SoakLoad.MemoryCeilingBytes / 1048576} MiB)"));
            Console.WriteLine(FormattableString.Invariant($"RSS max       {checkRssMax / 1048576} MiB while the whole log was exported for the check"));
            Console.WriteLine(FormattableString.Invariant($"lost          {check.ReadingsLost + check.ReportsLost} ({check})"));
            Console.WriteLine(FormattableString.Invariant($"load average  {LoadAverage()} at the end"));
            try
            {
                await silo.StopAsync();
            }
            catch (OperationCanceledException)
            {
                // A clean stop flushes every bay's write-behind state; on a machine this busy it may take
                // longer than SiloProcess waits. The figures are in; disposing kills the process.
                Console.WriteLine("The silo took longer than 60 s to stop; killed.");
            }
            bool ok = check == new SoakLogCheck(0, 0, 0, 0) && Math.Max(figures.RssMaxBytes, checkRssMax) < SoakLoad.MemoryCeilingBytes;
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
