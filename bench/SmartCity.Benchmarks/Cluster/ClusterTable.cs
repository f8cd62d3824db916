using System.Globalization;

namespace SmartCity.Benchmarks.Cluster;

/// <summary>Prints the cluster sizes side by side as Markdown tables (pasted into docs/cluster-benchmark.md as is).</summary>
public static class ClusterTable
{
    private static readonly int Cores = Environment.ProcessorCount;

    public static void Print(TextWriter output, IReadOnlyList<ClusterFigures> sizes)
    {
        var first = sizes[0];
        var last = sizes[^1];
        output.WriteLine();
        output.WriteLine($"| metric | {string.Join(" | ", sizes.Select(Name))} | ratio ({last.Silos}/{first.Silos}) |");
        output.WriteLine($"| --- |{string.Concat(sizes.Select(_ => " ---: |"))} ---: |");
        foreach (var (metric, format, value) in Metrics())
        {
            var values = sizes.Select(value).ToArray();
            string cells = string.Join(" | ", values.Select(v => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-"));
            output.WriteLine(Invariant($"| {metric} | {cells} | {Ratio(values[^1], values[0])} |"));
        }
        output.WriteLine();
        output.WriteLine($"CPU of the whole machine ({Cores} cores) while each workload ran:");
        output.WriteLine();
        output.WriteLine($"| workload | {string.Join(" | ", sizes.Select(Name))} |");
        output.WriteLine($"| --- |{string.Concat(sizes.Select(_ => " --- |"))}");
        output.WriteLine($"| ingest | {string.Join(" | ", sizes.Select(s => s.Ingest.Cpu))} |");
        output.WriteLine($"| reports | {string.Join(" | ", sizes.Select(s => s.Reports.Cpu))} |");
        output.WriteLine($"| queries during ingest | {string.Join(" | ", sizes.Select(s => s.Nearby.Cpu))} |");
    }

    private static string Name(ClusterFigures figures) => figures.Silos == 1 ? "1 silo" : Invariant($"{figures.Silos} silos");

    private static IEnumerable<(string Metric, string Format, Func<ClusterFigures, double> Value)> Metrics()
    {
        yield return (Invariant($"ingest: readings/s ({ClusterWorkload.IngestWorkers} workers, batches of {ClusterWorkload.BatchSize:N0})"), "N0", f => f.Ingest.Result.ItemsPerSecond);
        yield return ("ingest: batch p99 (ms)", "F0", f => f.Ingest.Result.Latency.P99);
        yield return (Invariant($"reports: filed/s ({ClusterWorkload.ReportClients} clients)"), "N0", f => f.Reports.Result.RequestsPerSecond);
        yield return ("reports: p50 (ms)", "F1", f => f.Reports.Result.Latency.P50);
        yield return ("reports: p99 (ms)", "F1", f => f.Reports.Result.Latency.P99);
        yield return ("GET /api/parking/nearby during ingest: p50 (ms)", "F1", f => f.Nearby.Result.Latency.P50);
        yield return ("GET /api/parking/nearby during ingest: p99 (ms)", "F1", f => f.Nearby.Result.Latency.P99);
        yield return ("GET /api/city during ingest: p50 (ms)", "F1", f => f.City.Result.Latency.P50);
        yield return ("GET /api/city during ingest: p99 (ms)", "F1", f => f.City.Result.Latency.P99);
        yield return (Invariant($"readings/s alongside the queries ({ClusterWorkload.IngestWorkersDuringQueries} workers)"), "N0", f => f.IngestDuringQueries.Result.ItemsPerSecond);
        yield return ("readings per silo CPU-second", "N0", f => PerCpuSecond(f.Ingest.Result.ItemsPerSecond, f.Ingest.Cpu.Silos));
        yield return ("reports per silo CPU-second", "N0", f => PerCpuSecond(f.Reports.Result.RequestsPerSecond, f.Reports.Cpu.Silos));
        yield return ("PostgreSQL CPU ms per 1,000 readings", "F1", f => 1000 * 1000 / PerCpuSecond(f.Ingest.Result.ItemsPerSecond, f.Ingest.Cpu.Database));
        yield return ("PostgreSQL CPU ms per report", "F2", f => 1000 / PerCpuSecond(f.Reports.Result.RequestsPerSecond, f.Reports.Cpu.Database));
        yield return ("PostgreSQL WAL kB per 1,000 readings", "N0", f => f.Ingest.Database.WalBytes / 1024.0 * 1000 / Math.Max(1, f.Ingest.Result.Items));
        yield return ("PostgreSQL WAL kB per report", "F1", f => f.Reports.Database.WalBytes / 1024.0 / Math.Max(1, f.Reports.Result.Requests - f.Reports.Result.Errors));
        yield return ("errors (all workloads)", "N0", f => f.Ingest.Result.Errors + f.Reports.Result.Errors + f.Nearby.Result.Errors + f.City.Result.Errors + f.IngestDuringQueries.Result.Errors);
    }

    /// <summary>"-" where there is nothing to compare against (no baseline, or a workload that got nothing done).</summary>
    private static string Ratio(double value, double baseline) =>
        baseline > 0 && double.IsFinite(baseline) && double.IsFinite(value) ? Invariant($"{value / baseline:F2}") : "-";

    /// <summary>Work done per second of one core spent by the given share of the machine.</summary>
    private static double PerCpuSecond(double perSecond, double share) => perSecond / Math.Max(1e-9, share * Cores);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
