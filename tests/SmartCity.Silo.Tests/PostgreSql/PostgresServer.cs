using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using SmartCity.TestSupport;

namespace SmartCity.Silo.Tests.PostgreSql;

/// <summary>
/// A real PostgreSQL server of the tests' own: a fresh cluster (initdb) in a temporary folder,
/// listening on 127.0.0.1 on a free port, with trust authentication for the superuser "postgres".
/// Started from Debian's binaries (package postgresql, /usr/lib/postgresql/&lt;version&gt;/bin).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";

    /// <summary>PostgreSQL refuses to run as root: as root, its processes run as this operating-system user.</summary>
    private const string ServiceAccount = "postgres";

    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;
    /// <summary>While the server runs: the shell that stops it once this process lets go (see <see cref="StartWatchdog"/>).</summary>
    private Process? _watchdog;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
    }

    /// <summary>The superuser on the database "postgres".</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    private string DataFolder => Path.Combine(_folder, "data");

    private string LogFile => Path.Combine(_folder, "server.log");

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync()
    {
        string bin = FindBinaries();
        string folder = Directory.CreateTempSubdirectory("smartcity-pg-").FullName;
        var server = new PostgresServer(bin, folder, LocalPorts.Free());
        try
        {
            if (AsRoot) await RunAsync("chown", [$"{ServiceAccount}:", folder]);
            // --no-sync only spares initdb's own flush of the template files; the server itself keeps fsync on.
            await server.RunPostgresToolAsync("initdb",
                ["-D", server.DataFolder, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"]);
            await File.AppendAllTextAsync(Path.Combine(server.DataFolder, "postgresql.conf"), server.Settings());
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates an empty database and returns the superuser's connection string to it. The name must be
    /// new on this server (the shared server serves many test classes: add something unique).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        // Unpooled: a pooled connection would be dead after a restart of this server and fail the next call.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        // CREATE DATABASE takes no parameters: the name goes in as a quoted identifier.
        create.CommandText = $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
        await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Fast shutdown (open sessions are ended, their transactions rolled back); returns once the server is down.</summary>
    public async Task StopAsync()
    {
        var watchdog = _watchdog ?? throw new InvalidOperationException("The PostgreSQL server is not running.");
        _watchdog = null;
        watchdog.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await watchdog.WaitForExitAsync(timeout.Token);
        int exitCode = watchdog.ExitCode;
        watchdog.Dispose();
        if (exitCode != 0) throw new InvalidOperationException($"pg_ctl stop exited with {exitCode}.\nServer log ({LogFile}):\n{ReadLog()}");
        // Connections pooled by the tests are left as they are, dead: what a real outage does to a silo.
    }

    /// <summary>Starts the server on its data folder and port (the first start, and again after <see cref="StopAsync"/>).</summary>
    public async Task StartAgainAsync()
    {
        try
        {
            await RunPostgresToolAsync("pg_ctl", ["start", "-D", DataFolder, "-l", LogFile, "-w", "-t", "60"]);
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidOperationException($"{error.Message}\nServer log ({LogFile}):\n{ReadLog()}", error);
        }
        _watchdog = StartWatchdog();
    }

    /// <summary>
    /// pg_ctl leaves the server running on its own, also when the test process ends without disposing
    /// this (a crash, a timeout's kill). So a shell waits, as the service account, for its standard
    /// input, a pipe from this process, to close, which happens however this process ends, and then
    /// stops the server (fast shutdown). <see cref="StopAsync"/> closes the pipe itself.
    /// </summary>
    private Process StartWatchdog()
    {
        // Output to /dev/null: after a crash nobody reads it, and writing to a closed pipe would kill pg_ctl.
        const string script = "read -r _; exec \"$0\" stop -D \"$1\" -m fast -w -t 60 >/dev/null 2>&1";
        string[] command = ["sh", "-c", script, Path.Combine(_bin, "pg_ctl"), DataFolder];
        var start = new ProcessStartInfo(AsRoot ? "runuser" : command[0]) { RedirectStandardInput = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in AsRoot ? ["-u", ServiceAccount, "--", .. command] : command[1..]) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("The shell that stops the PostgreSQL server did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_watchdog is not null) await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a test run for.
        }
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = _port,
        Username = Superuser,
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>What the tests need beyond initdb's defaults, appended to postgresql.conf so every start uses it.</summary>
    private string Settings() => $"""

        # SmartCity test server
        listen_addresses = '127.0.0.1'
        port = {_port}
        unix_socket_directories = '{_folder}'
        # Every test class makes its own connection pools.
        max_connections = 200
        # Nothing here is worth a background process at start-up.
        logging_collector = off
        jit = off

        """;

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>Runs one of PostgreSQL's programs, as the service account when the tests run as root.</summary>
    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> args)
    {
        string program = Path.Combine(_bin, tool);
        return AsRoot
            ? RunAsync("runuser", ["-u", ServiceAccount, "--", program, .. args])
            : RunAsync(program, args);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Not the test's folder: the postgres user may not be allowed to enter it.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}{await errors}");
        }
    }

    /// <summary>The bin folder of the newest PostgreSQL installed the Debian way.</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out int v) ? v : -1))
                .Where(v => v.Version > 0 && File.Exists(Path.Combine(v.Folder, "bin", "initdb")) && File.Exists(Path.Combine(v.Folder, "bin", "pg_ctl")))
                .OrderByDescending(v => v.Version)
                .Select(v => Path.Combine(v.Folder, "bin"))
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries not found under {root}/<version>/bin. The PostgreSQL tests start a real server: " +
            "install Debian's postgresql package (apt-get install postgresql), as .ci/run does on CI.");
    }
}
