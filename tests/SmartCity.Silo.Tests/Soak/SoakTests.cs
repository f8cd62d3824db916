using SmartCity.Silo.Tests.Cluster;
using SmartCity.Silo.Tests.Restart;
using SmartCity.TestSupport;
using Xunit.Abstractions;

namespace SmartCity.Silo.Tests.Soak;

/// <summary>
/// The CI form of the soak (docs/soak.md): a real silo process on SQLite driven above capacity for
/// 40 s. It must shed load with 503 and Retry-After, keep its resident memory under the stated
/// ceiling, and afterwards its event log must hold every reading and report it accepted, once.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartcity-soak-").FullName;

    [Fact]
    public async Task Overload_is_shed_memory_stays_under_the_ceiling_and_nothing_accepted_is_lost()
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(_folder, "twin.db"), "--Logging:LogLevel:Default=Warning");
        var load = new SoakLoad(silo.BaseAddress, silo.ProcessId, TwinLoad.City, gateways: 16, batchSize: 2500, citizens: 4);

        await load.RunAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10), figures => output.WriteLine(figures.ToString()));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) }.AsAdmin();
        var check = await load.CheckLogAsync(http);
        var figures = load.Figures;
        output.WriteLine(figures.ToString());
        output.WriteLine(check.ToString());

        Assert.True(figures.ReadingsShed > 0, $"The load never exceeded what the twin takes: {figures}");
        Assert.True(figures.ReadingsAccepted > 0 && figures.ReportsFiled > 0, figures.ToString());
        Assert.True(figures.RssMaxBytes < SoakLoad.MemoryCeilingBytes, $"Resident memory reached {figures.RssMaxBytes / 1048576} MiB.\n{silo.RecentOutput}");
        Assert.True(load.CheckRssMaxBytes < SoakLoad.MemoryCeilingBytes, $"Exporting the log took resident memory to {load.CheckRssMaxBytes / 1048576} MiB.\n{silo.RecentOutput}");
        Assert.Equal(0, figures.Failures);
        Assert.Equal(new SoakLogCheck(0, 0, 0, 0), check);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
