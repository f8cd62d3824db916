using System.Globalization;
using System.Text.RegularExpressions;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Open311;

/// <summary>
/// The filters of GeoReport v2 "GET Service Requests". Ids, when given, override every other filter;
/// otherwise one ledger filter per service code (the ledger filters on one category at a time).
/// </summary>
public sealed partial record Open311Query(IReadOnlyList<string> RequestIds, IReadOnlyList<ReportFilter> Filters)
{
    /// <summary>"Response Volume": a span of 90 days or the first 1000 requests, whichever is smaller.</summary>
    public const int MaxRequests = 1000;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    /// <summary>Reads the filters; each malformed one goes into errors under its name.</summary>
    public static Open311Query Parse(IQueryCollection query, ReportCatalog catalog, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        // "service_request_id: comma delimited. This overrides all other arguments."
        var ids = Values(query, "service_request_id");
        if (ids.Count > 0)
        {
            if (ids.Count > MaxRequests) errors["service_request_id"] = [$"'service_request_id' names {ids.Count} requests; at most {MaxRequests} at once."];
            return new Open311Query([.. ids.Distinct(StringComparer.Ordinal)], []);
        }

        // "service_code ... can be declared multiple times, comma delimited".
        var codes = Values(query, "service_code").Distinct(StringComparer.Ordinal).ToArray();
        var unknown = codes.Where(code => catalog.Category(code) is null).Select(Open311Answer.Clip).ToArray();
        if (unknown.Length > 0)
        {
            errors["service_code"] = [$"{string.Join(", ", unknown.Select(c => $"'{c}'"))} {(unknown.Length == 1 ? "is not a service" : "are not services")} of this city; services.json lists them."];
        }
        bool? open = Status(query, errors);
        var (from, to) = Span(Date(query, "start_date", errors), Date(query, "end_date", errors), now, errors);
        ReportFilter[] filters = codes.Length == 0
            ? [new ReportFilter(MaxRequests, Open: open, CreatedFrom: from, CreatedTo: to)]
            : codes.Select(code => new ReportFilter(MaxRequests, Category: code, Open: open, CreatedFrom: from, CreatedTo: to)).ToArray();
        return new Open311Query([], filters);
    }

    /// <summary>"status ... can be declared multiple times, comma delimited; Options: open, closed." Null: both.</summary>
    private static bool? Status(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var statuses = Values(query, "status");
        var wrong = statuses.Where(s => s is not ("open" or "closed")).ToArray();
        if (wrong.Length > 0)
        {
            errors["status"] = [$"'status' is open, closed or both (comma delimited); got '{Open311Answer.Clip(wrong[0])}'."];
            return null;
        }
        bool wantsOpen = statuses.Contains("open"), wantsClosed = statuses.Contains("closed");
        return wantsOpen == wantsClosed ? null : wantsOpen;
    }

    /// <summary>
    /// start_date and end_date "may not span more than 90 days"; "when not specified, the range
    /// defaults to most recent 90 days". One bound alone reaches 90 days from it.
    /// </summary>
    private static (DateTimeOffset? From, DateTimeOffset? To) Span(
        DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (errors.ContainsKey("start_date") || errors.ContainsKey("end_date")) return (null, null);
        switch (start, end)
        {
            case ({ } from, { } to) when to < from:
                errors["end_date"] = ["'end_date' must not be before 'start_date'."];
                return (null, null);
            case ({ } from, { } to) when to - from > MaxSpan:
                errors["start_date/end_date"] = [$"'start_date' and 'end_date' may not span more than {MaxSpan.TotalDays} days."];
                return (null, null);
            case ({ } from, { } to):
                return (from, to);
            case ({ } from, null):
                return (from, from + MaxSpan);
            case (null, { } to):
                return (to - MaxSpan, to);
            default:
                return (now - MaxSpan, null);
        }
    }

    /// <summary>"Must use w3 format, eg 2010-01-01T00:00:00Z", and the offset "must be included" ("Date/time format").</summary>
    private static DateTimeOffset? Date(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var values = query[name].Where(v => !string.IsNullOrEmpty(v)).ToArray();
        if (values.Length == 0) return null;
        // An unescaped '+' in a query string arrives as a space: "2026-11-25T10:00:00 08:00".
        string text = SpaceForPlus().Replace(values[0]!, "+$1");
        if (values.Length == 1 && W3cDateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }
        errors[name] = [values.Length > 1
            ? $"'{name}' is given {values.Length} times; give it once."
            : $"'{name}' must be a W3C date and time with its offset, e.g. 2026-11-25T08:00:00+08:00 or 2026-11-25T00:00:00Z; got '{Open311Answer.Clip(values[0]!)}'."];
        return null;
    }

    private static List<string> Values(IQueryCollection query, string name) =>
        [.. query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex W3cDateTime();

    [GeneratedRegex(@" (\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceForPlus();
}
