using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace SmartCity.Silo.Storage;

/// <summary>
/// Grain storage, cluster membership and reminders on PostgreSQL through Orleans' ADO.NET providers,
/// with the schema and queries of deploy/sql/postgresql/*.sql (copied to sql/postgresql/ beside the
/// binaries). Any number of silos share one database.
/// </summary>
public static class PostgresDatabase
{
    /// <summary>The ADO.NET invariant under which Orleans loads Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Connections per silo unless the connection string says otherwise.</summary>
    public const int DefaultPoolSize = 20;

    /// <summary>Where the schema scripts are beside the binaries.</summary>
    public static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "sql", "postgresql");

    // Held while applying the scripts, so silos starting together do not race each other's DDL
    // (two concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog).
    private const long SchemaLockKey = 0x5C17_5C4E_4A00;

    /// <summary>
    /// One connection pool for everything a silo keeps in PostgreSQL. Sessions run in UTC, so a
    /// time without a zone is never read in the server's local time zone.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "smartcity-silo";
        // Npgsql's default of 100 connections per pool lets two silos warming up 20,000 grains take
        // all of PostgreSQL's default 100; 20 keep a 2-core server busy. A connection string that
        // names another size keeps it.
        if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase)) builder.MaxPoolSize = DefaultPoolSize;
        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// Applies every *.sql of <paramref name="scriptsFolder"/> in name order, each in its own
    /// transaction, under an advisory lock. The scripts are idempotent, so this may run at every start.
    /// </summary>
    public static async Task ApplySchemaAsync(NpgsqlDataSource dataSource, string scriptsFolder, CancellationToken cancellationToken = default)
    {
        var scripts = Directory.GetFiles(scriptsFolder, "*.sql").Order(StringComparer.Ordinal).ToArray();
        if (scripts.Length == 0) throw new InvalidOperationException($"No *.sql schema script in '{scriptsFolder}'.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var script in scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var command = new NpgsqlCommand(await File.ReadAllTextAsync(script, cancellationToken), connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the database answers (a silo may start before its database does), then applies the
    /// schema when <paramref name="applySchema"/>, or else checks that it was applied, so a silo on an
    /// empty database stops with a message saying what to run instead of an Orleans error.
    /// </summary>
    public static async Task PrepareAsync(NpgsqlDataSource dataSource, bool applySchema, TimeSpan waitForDatabase, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + waitForDatabase;
        while (true)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                break;
            }
            catch (NpgsqlException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        if (applySchema)
        {
            await ApplySchemaAsync(dataSource, ScriptsFolder, cancellationToken);
            return;
        }

        await using var check = dataSource.CreateCommand("SELECT count(*) FROM pg_tables WHERE tablename IN ('orleansquery', 'orleansgrainstate', 'orleansmembership', 'orleansreminders', 'eventlog')");
        long found = (long)(await check.ExecuteScalarAsync(cancellationToken) ?? 0L);
        if (found < 5)
        {
            throw new InvalidOperationException(
                "The PostgreSQL database has no SmartCity schema (or an incomplete one). Apply it with " +
                "`for f in deploy/sql/postgresql/*.sql; do psql \"$PG\" -v ON_ERROR_STOP=1 -f \"$f\"; done` " +
                "or start the silo with Storage:ApplySchema=true.");
        }
    }

    /// <summary>Registers grain storage <paramref name="name"/> in the database behind <paramref name="dataSource"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder silo, string name, NpgsqlDataSource dataSource)
    {
        // The ADO.NET provider is registered under an inner name; grains see it through the outage translation.
        string innerName = name + "-postgresql";
        // Write-behind may hold a quarter of the pool at most: a burst that changes every bay then
        // leaves the rest to interactive writes (reports, reminders) and reads.
        int backgroundWriters = Math.Max(1, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize / 4);
        silo.Services.TryAddSingleton(_ => new StorageWriteGate(writers: int.MaxValue, backgroundWriters));
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            new OutageTranslatingStorage(new GatedStorage(
                services.GetRequiredKeyedService<IGrainStorage>(innerName), services.GetRequiredService<StorageWriteGate>())));
        return silo.AddAdoNetGrainStorage(innerName, optionsBuilder =>
            optionsBuilder.Configure<IOptions<SystemTextJsonGrainStorageSerializerOptions>>((options, json) =>
            {
                options.Invariant = Invariant;
                options.DataSource = dataSource;
                // The same stable JSON as on SQLite (see SqliteDatabase.AddSqliteGrainStorage).
                options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(json);
            }));
    }

    /// <summary>Cluster membership and reminders in the database behind <paramref name="dataSource"/>.</summary>
    public static ISiloBuilder AddPostgresClusteringAndReminders(this ISiloBuilder silo, NpgsqlDataSource dataSource)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        });
        ReminderTableDecorator.Decorate(silo.Services, (table, _) => new OutageTranslatingReminderTable(table));
        return silo;
    }
}
