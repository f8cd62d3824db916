using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.Storage;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.PostgreSql;

/// <summary>
/// Orleans cluster membership in PostgreSQL (deploy/sql/postgresql/02-clustering.sql) through the ADO.NET
/// provider a silo gets from PostgresDatabase.AddPostgresClusteringAndReminders, then a real cluster of silos on it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Whole seconds: PostgreSQL keeps microseconds, a DateTime ticks of 100 ns.
    private static readonly DateTime T0 = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);

    /// <summary>Each test is a cluster of its own in the class's database.</summary>
    private readonly string _clusterId = "membership-" + Guid.NewGuid().ToString("N");

    private readonly List<IHost> _hosts = [];
    private readonly List<IHost> _started = [];
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _dataSource = await OrleansDatabase.ForClassAsync(postgres.Server, "membership");

    public async Task DisposeAsync()
    {
        // In reverse order of start, each stopped before it is disposed.
        foreach (var host in Enumerable.Reverse(_started)) await host.StopAsync();
        foreach (var host in _hosts) host.Dispose();
    }

    [Fact]
    public async Task Read_all_and_read_row_return_the_table_version_even_without_silos()
    {
        var table = await TableAsync();

        var all = await table.ReadAllAsync();
        var row = await table.ReadRowAsync(Silo(1));

        Assert.Empty(all.Members);
        Assert.Empty(row.Members);
        Assert.Equal(0, all.Version.Version);
        Assert.Equal(all.Version, row.Version);

        Assert.True(await table.InsertRowAsync(Entry(1), all.Version.Next()));
        var other = await table.ReadRowAsync(Silo(2)); // a silo that is not there, beside the new version
        Assert.Empty(other.Members);
        Assert.Equal(1, other.Version.Version);
    }

    [Fact]
    public async Task Insert_with_the_version_read_succeeds_bumps_the_version_and_keeps_every_field()
    {
        var table = await TableAsync();
        var entry = Entry(1, SiloStatus.Joining, proxyPort: 30001);

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        var (stored, etag) = Assert.Single(read.Members);
        Assert.Equal(read.Version.VersionEtag, etag); // relational tables use the table version as every row's etag
        Assert.Equal(
            (entry.SiloAddress, entry.Status, entry.ProxyPort, entry.SiloName, entry.HostName, entry.StartTime, entry.IAmAliveTime),
            (stored.SiloAddress, stored.Status, stored.ProxyPort, stored.SiloName, stored.HostName, stored.StartTime.ToUniversalTime(), stored.IAmAliveTime.ToUniversalTime()));
    }

    [Fact]
    public async Task Insert_or_update_with_a_stale_version_fails_and_changes_nothing()
    {
        var table = await TableAsync();
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(Entry(1), stale.Next()));

        Assert.False(await table.InsertRowAsync(Entry(2), stale.Next()));
        var dead = Entry(1, SiloStatus.Dead);
        Assert.False(await table.UpdateRowAsync(dead, stale.VersionEtag, stale.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(read.Members).Item1.Status);

        // With the version just read, the same update goes through and bumps the version.
        Assert.True(await table.UpdateRowAsync(dead, read.Members[0].Item2, read.Version.Next()));
        var after = await table.ReadRowAsync(Silo(1));
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Dead, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task Update_writes_status_and_suspicions_that_read_back_as_written()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1));
        var suspected = Entry(1, SiloStatus.Active);
        suspected.AddSuspector(Silo(2), T0.AddSeconds(5));
        suspected.AddSuspector(Silo(3), T0.AddSeconds(7));

        var read = await table.ReadAllAsync();
        Assert.True(await table.UpdateRowAsync(suspected, read.Members[0].Item2, read.Version.Next()));

        var stored = Assert.Single((await table.ReadRowAsync(Silo(1))).Members).Item1;
        Assert.Equal(
            suspected.SuspectTimes!.Select(s => (s.Item1, s.Item2)),
            stored.SuspectTimes!.Select(s => (s.Item1, s.Item2.ToUniversalTime())));
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_silos_and_version_and_no_other_cluster()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1));
        var otherCluster = await TableAsync("membership-other-" + Guid.NewGuid().ToString("N"));
        await InsertAsync(otherCluster, Entry(2));

        await table.DeleteMembershipTableEntriesAsync(_clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        var read = await table.ReadAllAsync();
        Assert.Empty(read.Members);
        Assert.Equal(0, read.Version.Version); // started over
        Assert.Single((await otherCluster.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task The_same_silo_inserted_twice_fails_the_second_time()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));

        var current = (await table.ReadAllAsync()).Version;
        Assert.False(await table.InsertRowAsync(Entry(1, SiloStatus.Dead), current.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(current, read.Version); // a refused insert does not bump the version
        Assert.Equal(SiloStatus.Active, Assert.Single(read.Members).Item1.Status);
    }

    [Fact]
    public async Task I_am_alive_moves_forward_only_and_leaves_the_version_alone()
    {
        var table = await TableAsync();
        var entry = Entry(1);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        entry.IAmAliveTime = T0.AddSeconds(30);
        await table.UpdateIAmAliveAsync(entry);
        Assert.Equal(T0.AddSeconds(30), await IAmAliveAsync(table));

        entry.IAmAliveTime = T0.AddSeconds(10); // a heartbeat that arrives late
        await table.UpdateIAmAliveAsync(entry);
        Assert.Equal(T0.AddSeconds(30), await IAmAliveAsync(table));

        // Neither does an update that carries an older time move it back.
        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.True(await table.UpdateRowAsync(Entry(1, SiloStatus.ShuttingDown), read.Members[0].Item2, read.Version.Next()));
        Assert.Equal(T0.AddSeconds(30), await IAmAliveAsync(table));
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_gateway_port()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1, SiloStatus.Active, proxyPort: 30001));
        await InsertAsync(table, Entry(2, SiloStatus.Active, proxyPort: 0));
        await InsertAsync(table, Entry(3, SiloStatus.Dead, proxyPort: 30003));
        await InsertAsync(table, Entry(4, SiloStatus.Joining, proxyPort: 30004));
        await InsertAsync(table, Entry(5, SiloStatus.Active, proxyPort: 30005));
        var otherCluster = await TableAsync("membership-other-" + Guid.NewGuid().ToString("N"));
        await InsertAsync(otherCluster, Entry(6, SiloStatus.Active, proxyPort: 30006));

        var gateways = await GatewaysAsync();

        Assert.Equal([30001, 30005], gateways.Select(uri => uri.Port).Order());
        Assert.All(gateways, uri => Assert.Equal(IPAddress.Loopback.ToString(), uri.Host));
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_not_heard_of_since_the_cut_off()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1, SiloStatus.Dead, aliveAt: T0));                 // dead and old: goes
        await InsertAsync(table, Entry(2, SiloStatus.Dead, aliveAt: T0.AddHours(2)));     // dead, heard of lately: stays
        await InsertAsync(table, Entry(3, SiloStatus.Active, aliveAt: T0));               // old but not dead: stays
        var otherCluster = await TableAsync("membership-other-" + Guid.NewGuid().ToString("N"));
        await InsertAsync(otherCluster, Entry(4, SiloStatus.Dead, aliveAt: T0));          // another cluster's: stays

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(T0.AddHours(1)));

        var left = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([11112, 11113], left);
        Assert.Single((await otherCluster.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task Three_silos_form_a_cluster_keep_a_grain_state_when_its_silo_stops_and_let_a_fourth_join()
    {
        // Silo and client hosts of our own rather than an InProcessTestCluster: that one always puts its
        // in-memory membership (and transport) in place of the provider under test.
        var silos = new List<IHost>();
        for (int i = 0; i < 3; i++) silos.Add(await StartSiloAsync());
        var client = (await StartClientAsync()).Services.GetRequiredService<IClusterClient>();
        var table = await TableAsync();
        Assert.Equal(3, (await ActiveSilosAsync(table)).Count);

        var grain = client.GetGrain<IStorageProbeGrain>("probe:cluster");
        Assert.Equal(7, await grain.Add(7));
        var home = await grain.GetSilo();
        var homeHost = silos.Single(s => AddressOf(s).Equals(home));
        await homeHost.StopAsync();
        _started.Remove(homeHost);

        Assert.Equal(7, await EventuallyAsync(grain.GetTotal)); // the client may first try the stopped silo's gateway
        Assert.NotEqual(home, await grain.GetSilo());
        Assert.Equal(8, await grain.Add(1)); // the survivor's activation holds the current version
        Assert.Equal(SiloStatus.Dead, Assert.Single((await table.ReadRowAsync(home)).Members).Item1.Status);

        var added = await StartSiloAsync();
        var active = await ActiveSilosAsync(table);
        Assert.Equal(3, active.Count);
        Assert.Contains(AddressOf(added), active);
        // The silos learn it from the table and from each other's gossip, a moment after the table has it.
        var management = client.GetGrain<IManagementGrain>(0);
        Assert.Equal(active.Order(), await EventuallyAsync(async () => (await management.GetHosts(onlyActive: true)).Keys.Order(), active.Order().SequenceEqual));
    }

    [Fact]
    public async Task A_killed_silo_is_voted_dead_and_its_grains_come_back_on_the_survivors_with_their_state()
    {
        var silos = new List<IHost>();
        for (int i = 0; i < 3; i++) silos.Add(await StartSiloAsync());
        var client = (await StartClientAsync()).Services.GetRequiredService<IClusterClient>();
        var table = await TableAsync();
        Assert.Equal(3, (await ActiveSilosAsync(table)).Count);
        var grain = client.GetGrain<IStorageProbeGrain>("probe:killed");
        Assert.Equal(5, await grain.Add(5));
        var home = await grain.GetSilo();
        var homeHost = silos.Single(s => AddressOf(s).Equals(home));

        // A stop that is cancelled before it starts skips every graceful step, as InProcessTestCluster.KillSiloAsync
        // does: the silo neither hands its grains over nor writes itself dead; the others must find out.
        using (var now = new CancellationTokenSource())
        {
            await now.CancelAsync();
            await homeHost.StopAsync(now.Token);
        }
        _started.Remove(homeHost);

        var homeRow = await EventuallyAsync(() => table.ReadRowAsync(home), row => row.Members[0].Item1.Status == SiloStatus.Dead);
        Assert.Equal(SiloStatus.Dead, homeRow.Members[0].Item1.Status);
        Assert.NotEmpty(homeRow.Members[0].Item1.SuspectTimes!); // declared dead by the others' votes, not by itself
        Assert.Equal(5, await EventuallyAsync(grain.GetTotal));
        Assert.NotEqual(home, await grain.GetSilo());
        Assert.Equal(6, await grain.Add(1));
    }

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "membership-tests"));
            silo.ConfigureEndpoints(IPAddress.Loopback, LocalPorts.Free(), LocalPorts.Free());
            // A silo that stops answering is voted dead after two missed one-second probes instead of three of ten.
            silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2));
            silo.AddPostgresClusteringAndReminders(DataSource);
            silo.AddPostgresGrainStorage(StorageContract.Provider, DataSource);
        });
        return await StartAsync(builder);
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "membership-tests"));
            client.UseAdoNetClustering(o => (o.Invariant, o.DataSource) = (PostgresDatabase.Invariant, DataSource));
        });
        return await StartAsync(builder);
    }

    private async Task<IHost> StartAsync(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        _started.Add(host);
        return host;
    }

    private static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>
    /// Calls until the answer is <paramref name="good"/> (any, when not given) or 30 s have gone by, going over
    /// the errors a client sees while the cluster takes in a silo that left.
    /// </summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call, Func<T, bool>? good = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var answer = await call();
                if (good is null || good(answer) || DateTime.UtcNow >= deadline) return answer;
            }
            catch (Exception error) when (error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && DateTime.UtcNow < deadline)
            {
                // Asked again below.
            }
            await Task.Delay(200);
        }
    }

    private async Task<IMembershipTable> TableAsync(string? clusterId = null)
    {
        // The table a silo resolves, from a silo host that is configured but never started.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId ?? _clusterId, "membership-tests"));
            silo.AddPostgresClusteringAndReminders(DataSource);
        });
        var host = builder.Build();
        _hosts.Add(host);
        var table = host.Services.GetRequiredService<IMembershipTable>();
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private async Task<IList<Uri>> GatewaysAsync()
    {
        // The list a client reads, from a client host that is configured but never started.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, "membership-tests"));
            client.UseAdoNetClustering(o => (o.Invariant, o.DataSource) = (PostgresDatabase.Invariant, DataSource));
        });
        var host = builder.Build();
        _hosts.Add(host);
        var gateways = host.Services.GetRequiredService<IGatewayListProvider>();
        await gateways.InitializeGatewayListProviderAsync();
        return await gateways.GetGatewaysAsync();
    }

    private static async Task InsertAsync(IMembershipTable table, MembershipEntry entry) =>
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()), $"{entry.SiloAddress} was not inserted.");

    private static async Task<DateTime> IAmAliveAsync(IMembershipTable table) =>
        Assert.Single((await table.ReadAllAsync()).Members).Item1.IAmAliveTime.ToUniversalTime();

    /// <summary>The silos the table lists as active, once the cluster's own view agrees (joining takes a few heartbeats).</summary>
    private static async Task<List<SiloAddress>> ActiveSilosAsync(IMembershipTable table)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var members = (await table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
            if (!members.Any(m => m.Status is SiloStatus.Joining or SiloStatus.Created))
            {
                return [.. members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];
            }
            await Task.Delay(200, timeout.Token);
        }
    }

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), 1);

    private static MembershipEntry Entry(int n, SiloStatus status = SiloStatus.Active, int proxyPort = 30000, DateTime? aliveAt = null) => new()
    {
        SiloAddress = Silo(n),
        Status = status,
        ProxyPort = proxyPort,
        SiloName = $"silo-{n}",
        HostName = "host-" + n,
        StartTime = T0,
        IAmAliveTime = aliveAt ?? T0,
        SuspectTimes = [],
    };
}
