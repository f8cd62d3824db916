using SmartCity.Grains;
using SmartCity.Grains.City;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Reports;

/// <summary>
/// Gives a new report its id and submits it; shared by /api/reports and Open311. Ids read like
/// "261129-K7M3QX": the city's date, then six letters and digits from a cryptographic generator,
/// so they are short enough to read out over the phone and knowing one id tells nothing of others.
/// </summary>
public sealed class ReportIntake(IGrainFactory grains, CityMap city, CityClock clock)
{
    // No 0/O or 1/I/L: ids are read aloud and typed in by hand.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private const int MaxAttempts = 5;

    public static IReportGrain Report(IGrainFactory grains, string id) => grains.GetGrain<IReportGrain>($"report:{id}");

    /// <summary>Submits an already validated report; the outcome is refused only if the grain's own checks fail.</summary>
    public async Task<ReportOutcome> SubmitAsync(NewReport report)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var outcome = await Report(grains, NewId()).SubmitAsync(report);
            // 30^6 ids a day make a clash very rare; when one happens, draw again.
            if (outcome.Refusal is { Kind: RefusalKind.Conflict, Field: "id" }) continue;
            return outcome;
        }
        throw new InvalidOperationException($"No free report id after {MaxAttempts} attempts.");
    }

    /// <summary>Whether a text is shaped like a report id, so that lookups of junk never activate a grain.</summary>
    public static bool IsReportId(string id) =>
        id.Length == 13 && id[6] == '-' && id[..6].All(char.IsAsciiDigit) && id[7..].All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The report with this id, or null when there is none (or the text is no report id at all).</summary>
    public static Task<ReportDetails?> FindAsync(IGrainFactory grains, string id) =>
        IsReportId(id) ? Report(grains, id).GetAsync() : Task.FromResult<ReportDetails?>(null);

    private string NewId()
    {
        var date = city.LocalTime(clock.Now);
        string suffix = System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, 6);
        return $"{date:yyMMdd}-{suffix}";
    }
}
