using Npgsql;
using SmartCity.Silo.Storage;
using SmartCity.Silo.Tests.Storage;

namespace SmartCity.Silo.Tests.PostgreSql;

/// <summary>
/// Orleans reminders in PostgreSQL, through deploy/sql/postgresql/03-reminders.sql and
/// PostgresDatabase.AddPostgresClusteringAndReminders. Its clustering is left to the test cluster's own
/// membership here; PostgresMembershipTests runs silos on it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTests(PostgresFixture postgres) : ReminderTableContract, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _dataSource = await OrleansDatabase.ForClassAsync(postgres.Server, "reminders");

    // The class's database and its pool stay for the other tests of the class.
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Schema_applied_again_keeps_reminders_and_every_reminder_query()
    {
        await InsertReminderOfServiceAsync(ServiceId, GrainId.Create("reportdeadline", "report:kept"), "acknowledge");

        await PostgresDatabase.ApplySchemaAsync(DataSource, PostgresDatabase.ScriptsFolder);

        Assert.Equal(1L, await CountRemindersAsync(ServiceId));
        await using var queries = DataSource.CreateCommand(
            "SELECT string_agg(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery WHERE QueryKey LIKE '%Reminder%' OR QueryKey LIKE 'ReadRange%';");
        Assert.Equal(
            "DeleteReminderRowKey,DeleteReminderRowsKey,ReadRangeRows1Key,ReadRangeRows2Key,ReadReminderRowKey,ReadReminderRowsKey,UpsertReminderRowKey",
            await queries.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Start_time_is_stored_as_the_same_instant_in_utc()
    {
        await using var cluster = await StartClusterAsync();
        var grain = GrainId.Create("reportdeadline", "report:zone");
        await UpsertAsync(await TableOf(cluster), Entry(grain, "acknowledge", NineOClock, TimeSpan.FromHours(1)));

        // Compared with an instant that names its offset, so the server's and the session's time zones play no part.
        await using var command = DataSource.CreateCommand(
            "SELECT StartTime = '2026-03-02 09:00:00.125+00'::timestamptz FROM OrleansReminders WHERE ServiceId = $1 AND GrainId = $2;");
        command.Parameters.AddWithValue(ServiceId);
        command.Parameters.AddWithValue(grain.ToString());
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    protected override void AddReminders(ISiloBuilder silo) => silo.AddPostgresClusteringAndReminders(DataSource);

    protected override async Task<long> StoredPeriodAsync(GrainId grain, string reminderName)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT Period FROM OrleansReminders WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3;");
        command.Parameters.AddWithValue(ServiceId);
        command.Parameters.AddWithValue(grain.ToString());
        command.Parameters.AddWithValue(reminderName);
        return (long)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No reminder {reminderName} of {grain}."));
    }

    protected override async Task InsertReminderOfServiceAsync(string serviceId, GrainId grain, string reminderName)
    {
        await using var command = DataSource.CreateCommand("""
            INSERT INTO OrleansReminders (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES ($1, $2, $3, '2026-03-02 09:00:00Z', 60000, 0, 1);
            """);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(grain.ToString());
        command.Parameters.AddWithValue(reminderName);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountRemindersAsync(string serviceId)
    {
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM OrleansReminders WHERE ServiceId = $1;");
        command.Parameters.AddWithValue(serviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
