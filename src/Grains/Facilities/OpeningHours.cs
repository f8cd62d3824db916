using System.Collections;
using System.Globalization;

namespace SmartCity.Grains.Facilities;

/// <summary>
/// Weekly opening hours in a subset of OpenStreetMap's opening_hours syntax
/// (https://wiki.openstreetmap.org/wiki/Key:opening_hours): "24/7", or rules separated by ";" such as
/// "Mo-Fr 08:30-17:00; Sa 09:00-12:00; Su off". A rule without days means every day; a later rule
/// replaces earlier ones for the days it names (as in OSM); a time range may run past midnight ("22:00-02:00").
/// </summary>
public sealed class OpeningHours
{
    private const int MinutesPerDay = 24 * 60;
    private const int MinutesPerWeek = 7 * MinutesPerDay;
    private static readonly string[] DayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

    // One bit per minute of the week, Monday 00:00 first.
    private readonly BitArray _openMinutes;

    private OpeningHours(string text, BitArray openMinutes)
    {
        Text = text;
        _openMinutes = openMinutes;
    }

    public static OpeningHours AlwaysOpen { get; } = Parse("24/7");

    public string Text { get; }

    public static OpeningHours Parse(string text) =>
        TryParse(text, out var hours, out var error) ? hours : throw new FormatException(error);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OpeningHours? hours, out string error)
    {
        hours = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "opening hours are empty";
            return false;
        }
        var open = new BitArray(MinutesPerWeek);
        foreach (var rawRule in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryApplyRule(rawRule, open, out error)) return false;
        }
        hours = new OpeningHours(text.Trim(), open);
        return true;
    }

    public bool IsOpenAt(DateTime localTime) => _openMinutes[MinuteOfWeek(localTime)];

    /// <summary>How long from this local time until open turns to closed or back; null when it never changes.</summary>
    public TimeSpan? TimeUntilChange(DateTime localTime)
    {
        int start = MinuteOfWeek(localTime);
        bool now = _openMinutes[start];
        for (int step = 1; step <= MinutesPerWeek; step++)
        {
            if (_openMinutes[(start + step) % MinutesPerWeek] != now)
            {
                var startOfMinute = new TimeSpan(localTime.TimeOfDay.Ticks % TimeSpan.TicksPerMinute);
                return TimeSpan.FromMinutes(step) - startOfMinute;
            }
        }
        return null;
    }

    public override string ToString() => Text;

    private static int MinuteOfWeek(DateTime t) =>
        ((int)t.DayOfWeek + 6) % 7 * MinutesPerDay + t.Hour * 60 + t.Minute;

    private static bool TryApplyRule(string rule, BitArray open, out string error)
    {
        error = "";
        if (rule == "24/7")
        {
            open.SetAll(true);
            return true;
        }
        var parts = rule.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool[] days;
        string times;
        if (char.IsLetter(parts[0][0]) && parts[0] is not ("off" or "closed"))
        {
            if (!TryParseDays(parts[0], out days, out error)) return false;
            times = parts.Length > 1 ? parts[1] : "00:00-24:00";
        }
        else
        {
            days = Enumerable.Repeat(true, 7).ToArray();
            times = rule;
        }

        for (int day = 0; day < 7; day++)
        {
            if (!days[day]) continue;
            for (int m = 0; m < MinutesPerDay; m++) open[day * MinutesPerDay + m] = false;
        }
        if (times is "off" or "closed") return true;

        foreach (var range in times.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = range.Split('-');
            if (ends.Length != 2 || !TryParseClock(ends[0], out int from) || !TryParseClock(ends[1], out int to) || from == MinutesPerDay)
            {
                error = $"'{range}' is not a time range like 08:00-17:30";
                return false;
            }
            if (to <= from) to += MinutesPerDay; // runs past midnight into the next day
            for (int day = 0; day < 7; day++)
            {
                if (!days[day]) continue;
                for (int m = from; m < to; m++) open[(day * MinutesPerDay + m) % MinutesPerWeek] = true;
            }
        }
        return true;
    }

    private static bool TryParseDays(string selector, out bool[] days, out string error)
    {
        days = new bool[7];
        error = "";
        foreach (var item in selector.Split(','))
        {
            var ends = item.Split('-');
            int first = Array.IndexOf(DayNames, ends[0]);
            int last = ends.Length == 2 ? Array.IndexOf(DayNames, ends[1]) : first;
            if (first < 0 || last < 0 || ends.Length > 2)
            {
                error = $"'{item}' is not a day or day range like Mo-Fr";
                return false;
            }
            for (int d = first; ; d = (d + 1) % 7)
            {
                days[d] = true;
                if (d == last) break;
            }
        }
        return true;
    }

    private static bool TryParseClock(string text, out int minutes)
    {
        minutes = 0;
        if (text.Length != 5 || text[2] != ':') return false;
        if (!int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)) return false;
        if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
        minutes = h * 60 + m;
        return true;
    }
}
