using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SmartCity.Silo.Tests.Deploy;

/// <summary>
/// deploy/compose.yaml checked without Docker: three silos of the one image, on PostgreSQL whose schema
/// is in place before they start, set only through settings the silo reads, reachable at the addresses
/// they advertise.
/// </summary>
public sealed partial class ComposeTests
{
    [Fact]
    public void Services_build_and_mount_only_files_that_exist()
    {
        var root = ComposeFile.Root;
        var declaredVolumes = root["volumes"].Keys.ToHashSet();
        foreach (var (name, service) in root["services"].Entries)
        {
            Assert.True(service["image"].Exists || service["build"].Exists, $"{name} has neither image nor build.");
            if (service["build"].Exists)
            {
                Assert.True(Directory.Exists(ComposeFile.BuildContext(service)), $"{name}: build context {ComposeFile.BuildContext(service)} does not exist.");
                Assert.True(File.Exists(ComposeFile.BuildFile(service)), $"{name}: {ComposeFile.BuildFile(service)} does not exist.");
            }
            foreach (var (host, container) in ComposeFile.BindMounts(service))
            {
                Assert.True(File.Exists(host) || Directory.Exists(host), $"{name} mounts {host} at {container}, which does not exist.");
            }
            foreach (var volume in ComposeFile.NamedVolumes(service))
            {
                Assert.True(declaredVolumes.Contains(volume), $"{name} mounts the volume {volume}, which compose.yaml does not declare.");
            }
        }
    }

    [Fact]
    public void Three_silos_run_the_silo_image_each_on_its_own_host_port()
    {
        var silos = ComposeFile.Silos;
        Assert.Equal(3, silos.Count);
        Assert.Single(silos.Select(silo => silo.Service["image"].Text).Distinct());

        var hostPorts = new List<int>();
        foreach (var (name, silo) in silos)
        {
            int httpPort = SiloContract.HttpPortOf(silo["environment"]["Urls"].Text!);
            var published = Assert.Single(ComposeFile.PublishedPorts(silo));
            Assert.True(published.Container == httpPort, $"{name} publishes container port {published.Container}, but serves HTTP on {httpPort}.");
            hostPorts.Add(published.Host);
        }
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    [Fact]
    public void Silos_are_set_only_through_settings_the_silo_reads_and_form_one_cluster()
    {
        foreach (var (name, silo) in ComposeFile.Silos)
        {
            var environment = silo["environment"];
            Assert.NotEmpty(environment.Entries);
            var unknown = environment.Keys.Where(variable => SiloContract.KeyOf(variable) is null);
            Assert.True(!unknown.Any(), $"{name} sets what the silo does not read: {string.Join(", ", unknown)}.");
            // ASP.NET configuration ignores case: two spellings of one key would fight.
            Assert.Equal(environment.Keys.Count(), environment.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            var notStrings = environment.Entries.Where(entry => entry.Value.IsPlainNonString).Select(entry => entry.Key);
            Assert.True(!notStrings.Any(), $"{name}: quote the values of {string.Join(", ", notStrings)}.");
            Assert.Equal("PostgreSql", environment["Storage__Provider"].Text);

            string host = HostOf(environment["ConnectionStrings__PostgreSql"].Text ?? "");
            Assert.StartsWith("postgres", ComposeFile.Service(host)["image"].Text ?? $"(no service {host})", StringComparison.Ordinal);
        }
        Assert.Single(ComposeFile.Silos.Select(silo => silo.Service["environment"]["Orleans__ServiceId"].Text).Distinct());
        Assert.Single(ComposeFile.Silos.Select(silo => silo.Service["environment"]["Orleans__ClusterId"].Text).Distinct());
    }

    [Fact]
    public void Each_silo_advertises_the_fixed_address_it_has_on_the_compose_network()
    {
        var addresses = new List<string>();
        foreach (var (name, silo) in ComposeFile.Silos)
        {
            string? advertised = silo["environment"]["Orleans__AdvertisedAddress"].Text;
            var (networkName, network) = Assert.Single(silo["networks"].Entries);
            Assert.True(advertised == network["ipv4_address"].Text, $"{name} advertises {advertised} but has {network["ipv4_address"].Text} on {networkName}.");

            string subnet = ComposeFile.Root["networks"][networkName]["ipam"]["config"][0]["subnet"].Text!;
            Assert.True(IPNetwork.Parse(subnet).Contains(IPAddress.Parse(advertised!)), $"{name}: {advertised} is outside {subnet}.");
            addresses.Add(advertised!);
        }
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void PostgreSQL_has_the_schema_before_any_silo_starts()
    {
        var postgres = ComposeFile.Service("postgres");
        Assert.Equal(DeployFiles.PathOf("sql/postgresql"), ComposeFile.HostPathOf(postgres, "/docker-entrypoint-initdb.d"));
        Assert.True(postgres["healthcheck"]["test"].Exists, "postgres needs a healthcheck for the silos to wait on.");

        foreach (var (name, silo) in ComposeFile.Silos)
        {
            Assert.True(silo["depends_on"]["postgres"]["condition"].Text == "service_healthy", $"{name} does not wait for a healthy postgres.");
            foreach (var (dependency, condition) in silo["depends_on"].Entries)
            {
                if (condition["condition"].Text == "service_healthy") Assert.True(ComposeFile.Service(dependency)["healthcheck"].Exists, $"{name} waits for {dependency} to be healthy, which has no healthcheck.");
            }
        }
        // One silo brings an older volume up to date; the others wait for it to be ready.
        var applying = Assert.Single(ComposeFile.Silos, silo => silo.Service["environment"]["Storage__ApplySchema"].Text == "true");
        Assert.All(ComposeFile.Silos.Where(silo => silo.Name != applying.Name),
            silo => Assert.Equal("service_healthy", silo.Service["depends_on"][applying.Name]["condition"].Text));
    }

    [Fact]
    public void Silo_healthcheck_asks_the_readiness_endpoint_on_the_http_port()
    {
        foreach (var (name, silo) in ComposeFile.Silos)
        {
            string command = string.Join(' ', silo["healthcheck"]["test"].Texts);
            var request = HealthRequest().Match(command);
            Assert.True(request.Success, $"{name}: no HTTP request in its healthcheck `{command}`.");
            Assert.Equal("/health/ready", request.Groups["path"].Value);
            Assert.Contains(request.Groups["path"].Value, SiloContract.ServedPaths);
            Assert.Equal(SiloContract.HttpPortOf(silo["environment"]["Urls"].Text!), int.Parse(request.Groups["port"].Value, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Silos_get_longer_to_stop_than_their_clean_stop_takes()
    {
        foreach (var (name, silo) in ComposeFile.Silos)
        {
            var grace = StopGrace().Match(silo["stop_grace_period"].Text ?? "10s");
            Assert.True(grace.Success, $"{name}: stop_grace_period '{silo["stop_grace_period"].Text}' is not a number of seconds or minutes.");
            var period = grace.Groups["unit"].Value == "m"
                ? TimeSpan.FromMinutes(int.Parse(grace.Groups["value"].Value, CultureInfo.InvariantCulture))
                : TimeSpan.FromSeconds(int.Parse(grace.Groups["value"].Value, CultureInfo.InvariantCulture));
            Assert.True(period >= SiloContract.ShutdownTimeout + TimeSpan.FromSeconds(15),
                $"{name}: stop_grace_period {period} leaves too little after the silo's {SiloContract.ShutdownTimeout} clean stop.");
        }
    }

    private static string HostOf(string npgsqlConnectionString) =>
        npgsqlConnectionString.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim())
            .FirstOrDefault() ?? "(no Host)";

    [GeneratedRegex(@"/dev/tcp/[^/]+/(?<port>\d+).*GET (?<path>/\S*) HTTP")]
    private static partial Regex HealthRequest();

    [GeneratedRegex(@"^(?<value>\d+)(?<unit>[sm])$")]
    private static partial Regex StopGrace();
}
