using System.Globalization;
using SmartCity.Grains.City;

namespace SmartCity.Grains.Reports;

/// <summary>Checks a new report at the edge; every error names its field. Shared by /api/reports and Open311.</summary>
public static class NewReportValidator
{
    public const int MaxTextLength = 4000;
    public const int MaxShortTextLength = 200;

    /// <param name="attributeField">How the caller's format names an attribute field, e.g. "attributes.size" or "attribute[size]".</param>
    public static Dictionary<string, string[]> Validate(
        NewReport report, CityMap city, ReportCatalog catalog, Func<string, string>? attributeField = null)
    {
        attributeField ??= code => $"attributes.{code}";
        var errors = new Dictionary<string, string[]>();
        var category = string.IsNullOrWhiteSpace(report.Category) ? null : catalog.Category(report.Category);
        if (category is null)
        {
            errors["category"] = [string.IsNullOrWhiteSpace(report.Category)
                ? "'category' is required."
                : $"'{Truncate(report.Category)}' is not a report category; GET /api/reports/categories lists them."];
        }
        CheckText(errors, "description", report.Description, MaxTextLength, required: true);
        if (!report.Location.IsValid)
            errors["location"] = ["'location' needs lat between -90 and 90 and lon between -180 and 180."];
        else if (city.GridCellContaining(report.Location) is null)
            errors["location"] = [$"({report.Location.Lat.ToString(CultureInfo.InvariantCulture)}, {report.Location.Lon.ToString(CultureInfo.InvariantCulture)}) is outside every grid cell of the city."];
        if (report.PhotoUrl is { } photo && !IsWebAddress(photo))
            errors["photoUrl"] = ["'photoUrl' must be an absolute http or https address."];
        CheckText(errors, "address", report.Address, MaxShortTextLength, required: false);
        CheckText(errors, "citizenId", report.CitizenId, MaxShortTextLength, required: false);
        CheckText(errors, "contact.name", report.Contact?.Name, MaxShortTextLength, required: false);
        CheckText(errors, "contact.phone", report.Contact?.Phone, MaxShortTextLength, required: false);
        CheckText(errors, "contact.email", report.Contact?.Email, MaxShortTextLength, required: false);
        if (report.Contact?.Email is { Length: > 0 } email && !email.Contains('@', StringComparison.Ordinal))
            errors["contact.email"] = ["'contact.email' is not an e-mail address."];
        if (category is not null) CheckAttributes(errors, category, report.Attributes ?? new Dictionary<string, string>(), attributeField);
        return errors;
    }

    private static void CheckAttributes(
        Dictionary<string, string[]> errors, ReportCategory category, IReadOnlyDictionary<string, string> given, Func<string, string> field)
    {
        foreach (var (code, value) in given)
        {
            var attribute = category.Attributes.FirstOrDefault(a => a.Code == code);
            if (attribute is null)
            {
                errors[field(code)] = [$"Category '{category.Code}' has no attribute '{Truncate(code)}'."];
                continue;
            }
            string? problem = attribute.Datatype switch
            {
                // JSON null gets past the non-nullable dictionary type.
                _ when value is null => "must have a value.",
                AttributeDatatype.SingleValueList when attribute.Values.All(v => v.Key != value) =>
                    $"must be one of: {string.Join(", ", attribute.Values.Select(v => v.Key))}.",
                AttributeDatatype.MultiValueList when value.Split(',').Any(part => attribute.Values.All(v => v.Key != part.Trim())) =>
                    $"must be a comma-separated list of: {string.Join(", ", attribute.Values.Select(v => v.Key))}.",
                AttributeDatatype.Number when !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) =>
                    "must be a number.",
                AttributeDatatype.Datetime when !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
                    "must be an ISO 8601 date and time.",
                _ when value.Length > MaxTextLength => $"must be at most {MaxTextLength} characters.",
                _ => null,
            };
            if (problem is not null) errors[field(code)] = [$"'{code}' {problem}"];
        }
        foreach (var required in category.Attributes.Where(a => a.Required && !given.ContainsKey(a.Code)))
        {
            errors[field(required.Code)] = [$"Category '{category.Code}' requires '{required.Code}': {required.Description}"];
        }
    }

    /// <summary>Checks a required or optional piece of free text: present when required, not blank, not too long.</summary>
    public static void CheckText(Dictionary<string, string[]> errors, string field, string? text, int maxLength, bool required)
    {
        if (text is null)
        {
            if (required) errors[field] = [$"'{field}' is required."];
        }
        else if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = [$"'{field}' must not be empty."];
        }
        else if (text.Length > maxLength)
        {
            errors[field] = [$"'{field}' must be at most {maxLength} characters; got {text.Length}."];
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            // Control characters have no place in a report, and XML (Open311) cannot carry most of them.
            errors[field] = [$"'{field}' must not contain control characters."];
        }
    }

    private static bool IsWebAddress(string text) =>
        text.Length <= 2000 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
