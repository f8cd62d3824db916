using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartCity.Silo.Hosting;
using SmartCity.Silo.Storage;

namespace SmartCity.Silo.Tests.Storage;

/// <summary>Orleans reminders kept by the ADO.NET reminder table in the SQLite file, through deploy/sql/sqlite/reminders.sql.</summary>
public sealed class SqliteReminderTests : ReminderTableContract, IDisposable
{
    private static readonly string ScriptsFolder = Path.Combine(AppContext.BaseDirectory, "sql", "sqlite");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smartcity-reminders-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_folder, "twin.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Reminders_script_is_idempotent_and_holds_every_query_the_provider_reads()
    {
        SqliteDatabase.EnsureSchema(DbPath, ScriptsFolder);
        Execute("""
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES ('svc', 'reportdeadline/report:kept', 'acknowledge', '2026-03-02 09:00:00', 60000, 42, 7);
            """);

        SqliteDatabase.EnsureSchema(DbPath, ScriptsFolder);

        Assert.Equal(7L, Scalar("SELECT Version FROM OrleansRemindersTable WHERE GrainId = 'reportdeadline/report:kept';"));
        Assert.Equal(
            "DeleteReminderRowKey,DeleteReminderRowsKey,ReadRangeRows1Key,ReadRangeRows2Key,ReadReminderRowKey,ReadReminderRowsKey,UpsertReminderRowKey",
            Scalar("SELECT group_concat(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery WHERE QueryKey LIKE '%Reminder%' OR QueryKey LIKE 'ReadRange%';"));
    }

    [Fact]
    public async Task Sqlite_twin_keeps_reminders_in_its_database_file()
    {
        await using var app = SmartCityHost.Build([$"--Storage:SqlitePath={DbPath}", "--Storage:Provider=Sqlite"]);
        var table = app.Services.GetRequiredService<IReminderTable>();
        await table.StartAsync();

        await table.UpsertRow(Entry(GrainId.Create("reportdeadline", "report:twin"), "acknowledge", NineOClock, TimeSpan.FromHours(1)));

        Assert.Equal("reportdeadline/report:twin", Scalar("SELECT GrainId FROM OrleansRemindersTable WHERE ServiceId = 'smartcity';"));
    }

    [Fact]
    public async Task Minimum_reminder_period_is_read_from_configuration()
    {
        await using var app = SmartCityHost.Build(["--Storage:Provider=Memory", "--Reminders:MinimumPeriod=00:00:02"]);

        Assert.Equal(TimeSpan.FromSeconds(2), app.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
        Assert.NotNull(app.Services.GetService<IReminderTable>()); // Memory has reminders too, just not durable ones
    }

    [Fact]
    public async Task Minimum_reminder_period_defaults_to_the_one_of_Orleans()
    {
        await using var app = SmartCityHost.Build(["--Storage:Provider=Memory"]);

        Assert.Equal(new ReminderOptions().MinimumReminderPeriod, app.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    protected override void AddReminders(ISiloBuilder silo) => silo.AddSqliteReminders(DbPath);

    protected override Task<long> StoredPeriodAsync(GrainId grain, string reminderName) =>
        Task.FromResult((long)Scalar(
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = $service AND GrainId = $grain AND ReminderName = $name;",
            ("$service", ServiceId), ("$grain", grain.ToString()), ("$name", reminderName))!);

    protected override Task InsertReminderOfServiceAsync(string serviceId, GrainId grain, string reminderName)
    {
        Execute("""
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES ($service, $grain, $name, '2026-03-02 09:00:00', 60000, 0, 1);
            """,
            ("$service", serviceId), ("$grain", grain.ToString()), ("$name", reminderName));
        return Task.CompletedTask;
    }

    protected override Task<long> CountRemindersAsync(string serviceId) =>
        Task.FromResult((long)Scalar("SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = $service;", ("$service", serviceId))!);

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DbPath));
        connection.Open();
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
