using System.Globalization;

namespace SmartCity.Benchmarks.Cluster;

/// <summary>Who used the machine's CPU during a window, as fractions of all cores' time (idle included), so they sum to about 1.</summary>
public sealed record CpuShares(double Silos, double Database, double LoadGenerator, double Other, double Idle)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"silos {Silos:P0} · PostgreSQL {Database:P0} · load generator {LoadGenerator:P0} · other {Math.Max(0, Other):P0} · idle {Idle:P0}");
}

/// <summary>
/// Reads CPU time from /proc (Linux; proc(5)): the whole machine from /proc/stat, the silos as this
/// process's child "dotnet" processes, PostgreSQL as its postmaster and the postmaster's children.
/// Everything else on the machine (other builds, other tests) shows up as "other": the noise.
/// </summary>
public sealed class CpuSampler
{
    private readonly int _postmaster;

    private CpuSampler(int postmaster) => _postmaster = postmaster;

    /// <summary>Finds the postmaster listening on <paramref name="databasePort"/> by its data folder's postmaster.pid.</summary>
    public static CpuSampler ForDatabaseOn(int databasePort)
    {
        foreach (var (pid, stat) in Processes())
        {
            if (stat.Command != "postgres" || ProcessStat.Read(stat.ParentId)?.Command == "postgres") continue;
            if (DataFolderOf(pid) is { } folder && PortIn(folder) == databasePort) return new CpuSampler(pid);
        }
        return new CpuSampler(0);
    }

    /// <summary>Clock ticks so far: the machine's total and idle, then the three groups.</summary>
    public CpuSnapshot Take()
    {
        var (total, idle) = MachineTicks();
        long silos = 0, database = 0;
        int self = Environment.ProcessId;
        foreach (var (pid, stat) in Processes())
        {
            if (stat.ParentId == self && stat.Command == "dotnet") silos += stat.Own;
            else if (pid == _postmaster) database += stat.Own + stat.WaitedChildren; // backends that already exited
            else if (stat.ParentId == _postmaster && _postmaster != 0) database += stat.Own;
        }
        long generator = ProcessStat.Read(self)?.Own ?? 0;
        return new CpuSnapshot(total, idle, silos, database, generator);
    }

    public static CpuShares Between(CpuSnapshot start, CpuSnapshot end)
    {
        double total = Math.Max(1, end.Total - start.Total);
        double silos = (end.Silos - start.Silos) / total;
        double database = (end.Database - start.Database) / total;
        double generator = (end.LoadGenerator - start.LoadGenerator) / total;
        double idle = (end.Idle - start.Idle) / total;
        return new CpuShares(silos, database, generator, 1 - silos - database - generator - idle, idle);
    }

    private static (long Total, long Idle) MachineTicks()
    {
        // First line: "cpu user nice system idle iowait irq softirq steal guest guest_nice"; guest time is already in user.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum(), fields[3] + fields[4]);
    }

    private static IEnumerable<(int Pid, ProcessStat Stat)> Processes()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out int pid)) continue;
            if (ProcessStat.Read(pid) is { } stat) yield return (pid, stat);
        }
    }

    private static string? DataFolderOf(int pid)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            int at = Array.IndexOf(args, "-D");
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>postmaster.pid's fourth line is the port (PostgreSQL's src/include/utils/pidfile.h).</summary>
    private static int? PortIn(string dataFolder)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(dataFolder, "postmaster.pid"));
            return lines.Length > 3 && int.TryParse(lines[3], CultureInfo.InvariantCulture, out int port) ? port : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Cumulative clock ticks at one moment.</summary>
public sealed record CpuSnapshot(long Total, long Idle, long Silos, long Database, long LoadGenerator);

/// <summary>The fields of /proc/[pid]/stat this benchmark needs.</summary>
internal sealed record ProcessStat(string Command, int ParentId, long Own, long WaitedChildren)
{
    public static ProcessStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null; // exited meanwhile
        }
        // The command sits in parentheses and may hold spaces; the numbered fields follow the last ')'.
        int open = text.IndexOf('('), close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var rest = text[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(rest[number - 3], CultureInfo.InvariantCulture);
        return new ProcessStat(text[(open + 1)..close], (int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
