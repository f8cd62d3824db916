using System.Globalization;

namespace SmartCity.Simulator.Replay;

/// <summary>The replay command's options, checked.</summary>
public sealed record ReplayOptions(
    string File,
    double? Speed,
    DateTimeOffset? From,
    DateTimeOffset? To,
    Uri? Target,
    IReadOnlyList<string> TwinArguments,
    int BatchSize = 1000,
    int Workers = 4,
    string? Label = null,
    string? Out = null)
{
    public const double DefaultSpeed = 60;

    /// <summary>Reads `FILE [options] [-- twin settings]`; a wrong option throws <see cref="FormatException"/> saying which.</summary>
    public static ReplayOptions Parse(string[] args)
    {
        int split = Array.IndexOf(args, "--");
        string[] own = split < 0 ? args : args[..split];
        List<string> twin = split < 0 ? [] : [.. args[(split + 1)..]];
        var options = new ReplayOptions(own[0], DefaultSpeed, null, null, null, twin);
        bool inProcess = false, max = false, speedGiven = false;
        for (int i = 1; i < own.Length; i++)
        {
            string name = own[i];
            switch (name)
            {
                case "--max": max = true; continue;
                case "--in-process": inProcess = true; continue;
            }
            if (i + 1 >= own.Length) throw new FormatException($"{name} needs a value.");
            string value = own[++i];
            options = name switch
            {
                "--speed" => options with { Speed = Positive(name, value) },
                "--from" => options with { From = Instant(name, value) },
                "--to" => options with { To = Instant(name, value) },
                "--target" => options with { Target = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : throw new FormatException($"--target must be an http(s) address, not '{value}'.") },
                "--city" => options with { TwinArguments = [.. options.TwinArguments, "--city", value] },
                "--batch" => options with { BatchSize = (int)Math.Clamp(Positive(name, value), 1, 10_000) },
                "--workers" => options with { Workers = (int)Math.Clamp(Positive(name, value), 1, 64) },
                "--label" => options with { Label = value },
                "--out" => options with { Out = value },
                _ => throw new FormatException($"unknown option {name}."),
            };
            speedGiven |= name == "--speed";
        }
        if (max && speedGiven) throw new FormatException("give --speed or --max, not both.");
        if (max) options = options with { Speed = null };
        if (inProcess && options.Target is not null) throw new FormatException("give --in-process or --target, not both.");
        if (options.Target is not null && options.TwinArguments.Count > 0) throw new FormatException("twin settings (--city, after --) only apply in process; a target runs its own.");
        if (options.From > options.To) throw new FormatException("--to is before --from.");
        return options;
    }

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number > 0 && double.IsFinite(number)
            ? number : throw new FormatException($"{name} must be a positive number, not '{value}'.");

    private static DateTimeOffset Instant(string name, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && (value.EndsWith('Z') || value.Contains('+') || value.LastIndexOf('-') > 9)
            ? time : throw new FormatException($"{name} must be an ISO 8601 time with an offset, such as 2016-11-01T08:00:00+00:00, not '{value}'.");
}
