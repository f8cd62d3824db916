using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>Test-only grain: registers one reminder and counts the ticks its activation receives.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period);

    Task<int> GetTicks();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe-tick";

    private int _ticks;

    public Task Start(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public Task<int> GetTicks() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}

/// <summary>
/// What Orleans' ADO.NET reminder table must do on every database SmartCity supports, through the
/// IReminderTable of an in-process test silo. A subclass says how a silo gets the table and how to
/// look at its rows without Orleans.
/// </summary>
public abstract class ReminderTableContract
{
    protected static readonly DateTime NineOClock = new(2026, 3, 2, 9, 0, 0, 125, DateTimeKind.Utc);

    /// <summary>
    /// Rows are keyed by ServiceId: pinned per test, so a restarted cluster finds the rows of the previous
    /// one and tests sharing a database never see each other's reminders.
    /// </summary>
    protected string ServiceId { get; } = "reminder-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>Registers the reminder service on the database under test.</summary>
    protected abstract void AddReminders(ISiloBuilder silo);

    /// <summary>The stored period, in milliseconds, of this service's reminder <paramref name="reminderName"/> of <paramref name="grain"/>.</summary>
    protected abstract Task<long> StoredPeriodAsync(GrainId grain, string reminderName);

    /// <summary>Writes, without Orleans, a reminder of <paramref name="serviceId"/> (another service) with the hash 0.</summary>
    protected abstract Task InsertReminderOfServiceAsync(string serviceId, GrainId grain, string reminderName);

    /// <summary>How many reminders <paramref name="serviceId"/> has in the table.</summary>
    protected abstract Task<long> CountRemindersAsync(string serviceId);

    [Fact]
    public async Task Reminder_survives_restart_and_fires_in_the_next_silo()
    {
        const string key = "report:deadline-1";
        GrainId grainId;
        await using (var first = await StartClusterAsync())
        {
            // Due only after the restart; the period is short enough to tick soon after it.
            var probe = first.Client.GetGrain<IReminderProbeGrain>(key);
            await probe.Start(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
            grainId = probe.GetGrainId();
            await first.StopAllSilosAsync();
        }

        Assert.Equal(2000L, await StoredPeriodAsync(grainId, ReminderProbeGrain.ReminderName));

        await using var second = await StartClusterAsync();
        var grain = second.Client.GetGrain<IReminderProbeGrain>(key);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await grain.GetTicks() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(await grain.GetTicks() > 0, "the reminder registered before the restart never fired after it");
    }

    [Fact]
    public async Task Reminder_written_before_a_restart_is_read_after_it()
    {
        var grain = GrainId.Create("reportdeadline", "report:restart");
        string etag;
        await using (var first = await StartClusterAsync())
        {
            etag = await UpsertAsync(await TableOf(first), Entry(grain, "acknowledge", NineOClock, TimeSpan.FromHours(4)));
            await first.StopAllSilosAsync();
        }

        await using var second = await StartClusterAsync();
        var read = await (await TableOf(second)).ReadRow(grain, "acknowledge");

        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal(NineOClock, read.StartAt);
        Assert.Equal(TimeSpan.FromHours(4), read.Period);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task Reminders_are_read_back_by_grain_and_by_name()
    {
        await using var cluster = await StartClusterAsync();
        var table = await TableOf(cluster);
        var report = GrainId.Create("reportdeadline", "report:7");
        var other = GrainId.Create("reportdeadline", "report:8");
        string acknowledgeEtag = await UpsertAsync(table, Entry(report, "acknowledge", NineOClock, TimeSpan.FromMinutes(30)));
        await table.UpsertRow(Entry(report, "resolve", NineOClock.AddDays(3), TimeSpan.FromDays(40))); // over Int32 milliseconds
        await table.UpsertRow(Entry(other, "acknowledge", NineOClock, TimeSpan.FromMinutes(30)));

        var ofReport = (await table.ReadRows(report)).Reminders.OrderBy(r => r.ReminderName, StringComparer.Ordinal).ToList();
        Assert.Equal(["acknowledge", "resolve"], ofReport.Select(r => r.ReminderName));
        Assert.All(ofReport, r => Assert.Equal(report, r.GrainId));
        Assert.Equal(TimeSpan.FromDays(40), ofReport[1].Period);
        Assert.Equal(NineOClock.AddDays(3), ofReport[1].StartAt);
        Assert.Equal((long)TimeSpan.FromDays(40).TotalMilliseconds, await StoredPeriodAsync(report, "resolve"));

        var acknowledge = await table.ReadRow(report, "acknowledge");
        Assert.NotNull(acknowledge);
        Assert.Equal((NineOClock, TimeSpan.FromMinutes(30), acknowledgeEtag), (acknowledge.StartAt, acknowledge.Period, acknowledge.ETag));

        Assert.Null(await table.ReadRow(report, "escalate"));
        Assert.Empty((await table.ReadRows(GrainId.Create("reportdeadline", "report:9"))).Reminders);
    }

    [Fact]
    public async Task Hash_range_reads_return_exactly_the_reminders_of_that_slice_of_the_ring()
    {
        await using var cluster = await StartClusterAsync();
        var table = await TableOf(cluster);
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create("reportdeadline", $"report:{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "acknowledge", NineOClock, TimeSpan.FromMinutes(30)));
        }

        // A row of another service sits in every slice and must never be read.
        string someoneElse = ServiceId + "-someone-else";
        await InsertReminderOfServiceAsync(someoneElse, grains[0], "acknowledge");

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        (uint Begin, uint End)[] slices =
        [
            (0x1000_0000, 0x6000_0000),   // below 2^31 on both sides
            (0xA000_0000, 0xC000_0000),   // above 2^31 on both sides: negative once stored as Int32
            (0x7000_0000, 0x9000_0000),   // crosses 2^31: the provider reads it as a wrapping slice
            (0xF000_0000, 0x2000_0000),   // wraps past 2^32: the provider reads it as a plain slice
            (0x2000_0000, 0x1000_0000),   // wraps and covers almost the whole ring
            (hashes[10], hashes[20]),     // excludes its begin, includes its end
            (hashes[60], hashes[3]),      // the same at both ends of a wrapping slice
            (0x5000_0000, 0x5000_0000),   // begin = end: one silo owning the whole ring
        ];

        foreach (var (begin, end) in slices)
        {
            var expected = grains.Where(g => InSlice(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order(StringComparer.Ordinal);
            var read = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal);
            Assert.NotEmpty(expected);
            Assert.True(expected.SequenceEqual(read), $"slice ({begin:X8}, {end:X8}]: expected {expected.Count()}, read {read.Count()}");
        }

        Assert.Equal(64, (await table.ReadRows(0u, 0u)).Reminders.Count);
        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0u, 0u)).Reminders);
        Assert.Equal(0L, await CountRemindersAsync(ServiceId));
        Assert.Equal(1L, await CountRemindersAsync(someoneElse)); // the other service's row stays
    }

    [Fact]
    public async Task Upsert_gives_a_new_etag_each_time_and_the_last_write_wins_whatever_etag_it_carries()
    {
        await using var cluster = await StartClusterAsync();
        var table = await TableOf(cluster);
        var grain = GrainId.Create("reportdeadline", "report:upsert");

        string first = await UpsertAsync(table, Entry(grain, "acknowledge", NineOClock, TimeSpan.FromMinutes(1)));
        string second = await UpsertAsync(table, Entry(grain, "acknowledge", NineOClock.AddHours(1), TimeSpan.FromMinutes(2), etag: first));

        // Orleans does not pass the entry's ETag to the upsert: a stale one is no conflict.
        string third = await UpsertAsync(table, Entry(grain, "acknowledge", NineOClock.AddHours(2), TimeSpan.FromMinutes(3), etag: first));

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        var read = await table.ReadRow(grain, "acknowledge");
        Assert.NotNull(read);
        Assert.Equal((NineOClock.AddHours(2), TimeSpan.FromMinutes(3), third), (read.StartAt, read.Period, read.ETag));
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_keeps_the_reminder_and_with_the_current_one_deletes_it()
    {
        await using var cluster = await StartClusterAsync();
        var table = await TableOf(cluster);
        var grain = GrainId.Create("reportdeadline", "report:remove");
        string stale = await UpsertAsync(table, Entry(grain, "acknowledge", NineOClock, TimeSpan.FromMinutes(1)));
        string current = await UpsertAsync(table, Entry(grain, "acknowledge", NineOClock, TimeSpan.FromMinutes(2)));
        string resolveEtag = await UpsertAsync(table, Entry(grain, "resolve", NineOClock, TimeSpan.FromMinutes(1)));

        Assert.False(await table.RemoveRow(grain, "acknowledge", stale));
        Assert.NotNull(await table.ReadRow(grain, "acknowledge"));

        Assert.True(await table.RemoveRow(grain, "acknowledge", current));
        Assert.Null(await table.ReadRow(grain, "acknowledge"));
        Assert.False(await table.RemoveRow(grain, "acknowledge", current)); // already gone

        // The grain's other reminder is untouched.
        Assert.Equal(resolveEtag, (await table.ReadRow(grain, "resolve"))?.ETag);
    }

    // Orleans' ring slice (begin, end] in unsigned hash space; begin = end is the whole ring.
    private static bool InSlice(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    // The provider always answers an upsert with the new ETag.
    protected static async Task<string> UpsertAsync(IReminderTable table, ReminderEntry entry) =>
        await table.UpsertRow(entry) ?? throw new InvalidOperationException("The upsert returned no ETag.");

    protected static ReminderEntry Entry(GrainId grain, string name, DateTime startAt, TimeSpan period, string? etag = null) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt, Period = period, ETag = etag };

    protected static async Task<IReminderTable> TableOf(InProcessTestCluster cluster)
    {
        var table = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        await table.StartAsync(); // the silo's reminder service may still be starting; loading the queries again is harmless
        return table;
    }

    protected async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            AddReminders(silo);
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
