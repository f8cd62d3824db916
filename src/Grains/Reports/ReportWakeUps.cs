using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace SmartCity.Grains.Reports;

/// <summary>
/// Wakes a report (calls <see cref="IReportGrain.CheckDeadlinesAsync"/>) when its next deadline
/// comes, and again every recheck period after that until moved or cancelled, as an Orleans
/// reminder would. A running twin uses durable reminders; a replay on a virtual clock wakes
/// reports itself, at the virtual times their deadlines fall on.
/// </summary>
public interface IReportWakeUps
{
    /// <summary>Wakes <paramref name="report"/> at <paramref name="at"/>, replacing any earlier wake-up.</summary>
    Task ScheduleAsync(Grain report, DateTimeOffset at);

    /// <summary>The report need not be woken any more.</summary>
    Task CancelAsync(Grain report);
}

/// <summary>Durable Orleans reminders on the twin's own storage: they survive a silo restart.</summary>
public sealed class ReminderWakeUps(CityClock clock, IOptions<ReportOptions> options, IOptions<ReminderOptions> reminderOptions) : IReportWakeUps
{
    public const string ReminderName = "deadlines";

    public async Task ScheduleAsync(Grain report, DateTimeOffset at)
    {
        var dueIn = at - clock.Now;
        if (dueIn < TimeSpan.FromSeconds(1)) dueIn = TimeSpan.FromSeconds(1);
        await report.RegisterOrUpdateReminder(ReminderName, dueIn, RecheckPeriod(options.Value, reminderOptions.Value));
    }

    public async Task CancelAsync(Grain report)
    {
        if (await report.GetReminder(ReminderName) is { } reminder) await report.UnregisterReminder(reminder);
    }

    /// <summary>How often a reminder repeats after its due time; Orleans refuses periods below its minimum.</summary>
    public static TimeSpan RecheckPeriod(ReportOptions options, ReminderOptions reminderOptions) =>
        options.DeadlineRecheck < reminderOptions.MinimumReminderPeriod ? reminderOptions.MinimumReminderPeriod : options.DeadlineRecheck;
}

/// <summary>
/// Wake-ups kept in memory for whoever drives the clock (a replay on virtual time): it asks for the
/// earliest one due, moves the clock there and wakes the report. Like a reminder, a wake-up that
/// has fired comes again one recheck period later unless the report moves or cancels it.
/// </summary>
public sealed class ScheduledWakeUps(CityClock clock, IOptions<ReportOptions> options) : IReportWakeUps
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    public Task ScheduleAsync(Grain report, DateTimeOffset at)
    {
        // At least a second ahead, as a reminder is: a report can never wake itself in a loop.
        var earliest = clock.Now + TimeSpan.FromSeconds(1);
        lock (_gate) _due[report.GetPrimaryKeyString()] = at < earliest ? earliest : at;
        return Task.CompletedTask;
    }

    public Task CancelAsync(Grain report)
    {
        lock (_gate) _due.Remove(report.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <summary>
    /// The earliest wake-up due at or before <paramref name="upTo"/> (the report's grain key and its
    /// time; ties go by key, so replays are repeatable), re-armed one recheck period later; null when none is due.
    /// </summary>
    public (string ReportKey, DateTimeOffset At)? TakeNextDue(DateTimeOffset upTo)
    {
        lock (_gate)
        {
            (string Key, DateTimeOffset At)? next = null;
            foreach (var (key, at) in _due)
            {
                if (at > upTo) continue;
                if (next is not { } n || at < n.At || (at == n.At && string.CompareOrdinal(key, n.Key) < 0)) next = (key, at);
            }
            if (next is { } found) _due[found.Key] = found.At + options.Value.DeadlineRecheck;
            return next;
        }
    }

    /// <summary>How many reports wait to be woken.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _due.Count;
        }
    }
}
