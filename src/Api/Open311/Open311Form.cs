using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.Open311;

/// <summary>
/// Reads GeoReport v2 "POST Service Request", an application/x-www-form-urlencoded body, into a
/// <see cref="NewReport"/>, and names every field at fault by its name in the spec.
/// </summary>
public static partial class Open311Form
{
    /// <summary>A form from a person's phone is small; anything bigger is a mistake or an attack.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>The field named when the point is missing or wrong as a whole.</summary>
    public const string LatLong = "lat/long";

    private static readonly GeoPoint NoPoint = new(double.NaN, double.NaN);

    // Our field names (NewReportValidator's) and the spec's, as a field and as the message quotes it.
    private static readonly (string Ours, string Field, string Quoted)[] Renames =
    [
        ("photoUrl", "media_url", "'media_url'"),
        ("address", "address_string", "'address_string'"),
        ("citizenId", "account_id", "'account_id'"),
        ("contact.name", "first_name/last_name", "'first_name' and 'last_name'"),
        ("contact.phone", "phone", "'phone'"),
        ("contact.email", "email", "'email'"),
    ];

    /// <summary>The form, or why it cannot be read.</summary>
    public static async Task<(IFormCollection? Form, string? Problem)> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return (null, "Send the request as application/x-www-form-urlencoded; charset=utf-8, as GeoReport v2 \"POST Service Request\" says.");
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            return (await request.ReadFormAsync(request.HttpContext.RequestAborted), null);
        }
        catch (InvalidDataException error)
        {
            return (null, $"The form cannot be read: {error.Message}");
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, $"The form is larger than {MaxBytes / 1024} KiB.");
        }
    }

    /// <summary>The report the form describes; a field that cannot even be read goes into errors under its Open311 name.</summary>
    public static NewReport ToReport(IFormCollection form, ReportCatalog catalog, Dictionary<string, string[]> errors)
    {
        string? serviceCode = One(form, "service_code", errors);
        string? first = One(form, "first_name", errors);
        string? last = One(form, "last_name", errors);
        string? phone = One(form, "phone", errors);
        string? email = One(form, "email", errors);
        string? name = first is null && last is null ? null : string.Join(" ", new[] { first, last }.OfType<string>());
        var contact = name is null && phone is null && email is null ? null : new ReportContact(name, phone, email);
        var category = serviceCode is null ? null : catalog.Category(serviceCode);
        // device_id and address_id have no place in a report: we keep neither devices nor an address register.
        return new NewReport(
            serviceCode ?? "",
            One(form, "description", errors)!,
            Location(form, errors),
            One(form, "media_url", errors),
            contact,
            One(form, "account_id", errors),
            Attributes(form, category, errors),
            One(form, "address_string", errors));
    }

    /// <summary>Checks the report with <see cref="NewReportValidator"/> and adds what it finds under the spec's names.</summary>
    public static void Validate(NewReport report, CityMap city, ReportCatalog catalog, Dictionary<string, string[]> errors)
    {
        var found = NewReportValidator.Validate(report, city, catalog, code => $"attribute[{code}]");
        foreach (var (field, messages) in found)
        {
            switch (field)
            {
                case "category":
                    errors.TryAdd("service_code", [string.IsNullOrWhiteSpace(report.Category)
                        ? "'service_code' is required; services.json lists them."
                        : $"'{Open311Answer.Clip(report.Category)}' is not a service of this city; services.json lists them."]);
                    break;
                case "location":
                    // A point we could not read is named already, by lat or long.
                    if (!errors.ContainsKey(LatLong) && !errors.ContainsKey("lat") && !errors.ContainsKey("long"))
                        errors[LatLong] = [PointProblem(report.Location)];
                    break;
                default:
                    errors.TryAdd(FieldOf(field), [.. messages.Select(Reword)]);
                    break;
            }
        }
    }

    /// <summary>The spec's name for one of our field names (a refusal's field, say).</summary>
    public static string FieldOf(string ours) => ours switch
    {
        "category" => "service_code",
        "location" => LatLong,
        _ => Renames.Where(r => r.Ours == ours).Select(r => r.Field).FirstOrDefault(ours),
    };

    /// <summary>Whether the report names a service_code that is no service: "404 - service_code ... was not found" ("POST Service Request").</summary>
    public static bool NamesUnknownService(NewReport report, ReportCatalog catalog) =>
        !string.IsNullOrWhiteSpace(report.Category) && catalog.Category(report.Category) is null;

    private static string Reword(string message)
    {
        foreach (var (ours, _, quoted) in Renames) message = message.Replace($"'{ours}'", quoted, StringComparison.Ordinal);
        return message.Replace("Category '", "Service '", StringComparison.Ordinal);
    }

    private static string PointProblem(GeoPoint point) => point.IsValid
        ? string.Create(CultureInfo.InvariantCulture, $"({point.Lat}, {point.Lon}) is outside every grid cell of the city; a request must lie inside one.")
        : "'lat' must be between -90 and 90 and 'long' between -180 and 180 (WGS84 decimal degrees).";

    /// <summary>
    /// The spec lets lat/long, address_string or address_id each place a request, but every report here
    /// is handled by the official of the grid cell it lies in, so only a point will do.
    /// </summary>
    private static GeoPoint Location(IFormCollection form, Dictionary<string, string[]> errors)
    {
        string? latText = One(form, "lat", errors);
        string? longText = One(form, "long", errors);
        if (latText is null && longText is null && !errors.ContainsKey("lat") && !errors.ContainsKey("long"))
        {
            bool addressOnly = !string.IsNullOrEmpty(form["address_string"]) || !string.IsNullOrEmpty(form["address_id"]);
            errors[LatLong] = [addressOnly
                ? "'lat' and 'long' are required: this city hands every request to the official of the grid cell it lies in, and an address_string or address_id alone does not place it in one."
                : "'lat' and 'long' are required (WGS84 decimal degrees)."];
            return NoPoint;
        }
        double? lat = Coordinate(latText, "lat", "long", errors);
        double? lon = Coordinate(longText, "long", "lat", errors);
        return lat is { } la && lon is { } lo ? new GeoPoint(la, lo) : NoPoint;
    }

    private static double? Coordinate(string? text, string name, string other, Dictionary<string, string[]> errors)
    {
        if (errors.ContainsKey(name)) return null;
        if (text is null)
        {
            errors[name] = [$"'{name}' is required with '{other}'."];
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)) return value;
        errors[name] = [$"'{name}' must be a number in decimal degrees (WGS84); got '{Open311Answer.Clip(text)}'."];
        return null;
    }

    /// <summary>
    /// attribute[code]=value, and attribute[code][]=value once per value of a multivaluelist ("POST
    /// Service Request", Required Arguments). A multivaluelist is kept as its keys joined by commas,
    /// as <see cref="NewReportValidator"/> reads it.
    /// </summary>
    private static Dictionary<string, string>? Attributes(IFormCollection form, ReportCategory? category, Dictionary<string, string[]> errors)
    {
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal)) continue;
            var match = AttributeKey().Match(key);
            if (!match.Success)
            {
                string field = Open311Answer.Clip(key);
                errors.TryAdd(field, [$"'{field}' is not of the form attribute[code] or attribute[code][]."]);
                continue;
            }
            string code = match.Groups[1].Value;
            if (!answers.TryGetValue(code, out var given)) answers[code] = given = [];
            // "Optional Arguments": a parameter sent empty is one not sent.
            given.AddRange(values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!));
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, given) in answers.Where(a => a.Value.Count > 0))
        {
            var question = category?.Attributes.FirstOrDefault(a => a.Code == code);
            if (given.Count > 1 && question is { Datatype: not AttributeDatatype.MultiValueList })
            {
                errors.TryAdd($"attribute[{code}]", [$"'{code}' takes one value; it was given {given.Count}."]);
                continue;
            }
            attributes[code] = string.Join(",", given);
        }
        return attributes.Count == 0 ? null : attributes;
    }

    /// <summary>One value of a field, or null when it is absent or empty ("Optional Arguments").</summary>
    private static string? One(IFormCollection form, string name, Dictionary<string, string[]> errors)
    {
        var given = form[name].Where(v => !string.IsNullOrEmpty(v)).ToArray();
        if (given.Length > 1)
        {
            errors.TryAdd(name, [$"'{name}' is given {given.Length} times; give it once."]);
            return null;
        }
        return given.Length == 1 ? given[0] : null;
    }

    [GeneratedRegex(@"^attribute\[([^\[\]]+)\](\[\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeKey();
}
