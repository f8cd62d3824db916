using System.Globalization;
using SmartCity.Api.Security;

namespace SmartCity.Silo.Hosting;

/// <summary>
/// `token --role ROLE --subject ID [--entities 'bay:*,...'] [--hours N | --days N | --key]`: prints a
/// token (for a person, expiring) or an API key (--key, for a sensor gateway or a service, valid until
/// revoked) signed with this twin's key: Security:SigningKey, else the key file the twin created
/// (data/signing-key beside the database), so run it from the folder the twin runs in.
/// </summary>
public static class TokenCommand
{
    public const string Usage =
        "usage: token --role citizen|sensor|official|operator|planner|admin[,...] --subject ID [--entities 'bay:*,facility:f-001'] [--hours N | --days N | --key] [--Security:SigningKey=...]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var roles = new List<string>();
        var entities = new List<string>();
        string? subject = null;
        TimeSpan? lifetime = TimeSpan.FromHours(12);
        var settings = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--role": roles.AddRange(Split(Next())); break;
                case "--subject": subject = Next(); break;
                case "--entities": entities.AddRange(Split(Next())); break;
                case "--key": lifetime = null; break;
                case "--hours" or "--days":
                    bool days = args[i] == "--days";
                    if (!double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) || amount <= 0)
                        return Fail(error, $"{(days ? "--days" : "--hours")} takes a positive number.");
                    lifetime = days ? TimeSpan.FromDays(amount) : TimeSpan.FromHours(amount);
                    break;
                default: settings.Add(args[i]); break;
            }
        }
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r))) return Fail(error, "--role must name one or more of: " + string.Join(", ", Roles.All) + ".");
        if (string.IsNullOrWhiteSpace(subject)) return Fail(error, "--subject is required: the citizen, official (official:...), gateway or service the credential is for.");
        if (entities.Count > 0 && !roles.Contains(Roles.Sensor)) return Fail(error, "--entities is for sensor keys only.");

        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();
        var options = new SecurityOptions();
        config.GetSection(SecurityOptions.Section).Bind(options);
        try
        {
            var issuer = new TokenIssuer(SigningKey.Load(options), options, TimeProvider.System);
            output.WriteLine(issuer.Issue(new Credential(subject, roles, entities, lifetime)));
            return 0;
        }
        catch (InvalidOperationException problem)
        {
            return Fail(error, problem.Message);
        }
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine(Usage);
        return 2;
    }
}
