using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartCity.Grains.Reports;

/// <summary>
/// What citizens can report (categories with their deadlines and Open311 attributes) and the
/// departments a report can be passed on to. The city edits it as a JSON file.
/// </summary>
public sealed class ReportCatalog
{
    private readonly Dictionary<string, ReportCategory> _categories;
    private readonly Dictionary<string, Department> _departments;

    public ReportCatalog(IReadOnlyList<ReportCategory> categories, IReadOnlyList<Department> departments)
    {
        Categories = categories;
        Departments = departments;
        _categories = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _departments = departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ReportCategory> Categories { get; }

    public IReadOnlyList<Department> Departments { get; }

    public ReportCategory? Category(string code) => _categories.GetValueOrDefault(code);

    public Department? Department(string id) => _departments.GetValueOrDefault(id);

    // Declared before Default: static fields initialize in text order.
    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The categories shipped with SmartCity (Reports/report-categories.json).</summary>
    public static ReportCatalog Default { get; } = LoadDefault();

    public static ReportCatalog Load(string path)
    {
        if (!File.Exists(path)) throw new ReportCatalogException($"The report categories file '{Path.GetFullPath(path)}' does not exist.");
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Reads and checks a catalog; every problem is named with the category and the field.</summary>
    public static ReportCatalog Parse(string json)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, FileFormat);
        }
        catch (JsonException e)
        {
            throw new ReportCatalogException($"The report categories file is not valid JSON: {e.Message}");
        }
        if (file?.Categories is not { Count: > 0 } categories)
        {
            throw new ReportCatalogException("The report categories file needs a non-empty 'categories' array.");
        }

        var departments = file.Departments ?? [];
        var problems = new List<string>();
        CheckDepartments(departments, problems);
        var departmentIds = departments.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < categories.Count; i++)
        {
            CheckCategory(categories[i], $"categories[{i}]", codes, departmentIds, problems);
        }
        if (problems.Count > 0) throw new ReportCatalogException(string.Join(Environment.NewLine, problems));
        return new ReportCatalog(categories, departments);
    }

    private static void CheckDepartments(List<Department> departments, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < departments.Count; i++)
        {
            var department = departments[i];
            if (string.IsNullOrWhiteSpace(department.Id) || !department.Id.StartsWith("department:", StringComparison.Ordinal))
                problems.Add($"departments[{i}].id: must start with 'department:'.");
            else if (!ids.Add(department.Id))
                problems.Add($"departments[{i}].id: '{department.Id}' appears twice.");
            if (string.IsNullOrWhiteSpace(department.Name)) problems.Add($"departments[{i}].name: is required.");
        }
    }

    private static void CheckCategory(ReportCategory category, string at, HashSet<string> codes, HashSet<string> departments, List<string> problems)
    {
        string name = string.IsNullOrWhiteSpace(category.Code) ? at : $"{at} '{category.Code}'";
        if (string.IsNullOrWhiteSpace(category.Code)) problems.Add($"{name}.code: is required.");
        else if (!codes.Add(category.Code)) problems.Add($"{name}.code: appears twice.");
        if (string.IsNullOrWhiteSpace(category.Name)) problems.Add($"{name}.name: is required.");
        if (category.AcknowledgeWithin <= TimeSpan.Zero) problems.Add($"{name}.acknowledgeWithin: must be a positive duration such as \"02:00:00\".");
        if (category.ResolveWithin < category.AcknowledgeWithin) problems.Add($"{name}.resolveWithin: must be at least acknowledgeWithin.");
        if (category.Department is { } department && !departments.Contains(department))
            problems.Add($"{name}.department: '{department}' is not among the departments.");
        var attributeCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in category.Attributes ?? [])
        {
            if (string.IsNullOrWhiteSpace(attribute.Code) || !attributeCodes.Add(attribute.Code))
                problems.Add($"{name}.attributes: codes must be present and unique.");
            bool isList = attribute.Datatype is AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList;
            if (isList != (attribute.Values is { Count: > 0 }))
                problems.Add($"{name}.attributes '{attribute.Code}'.values: list datatypes need values, other datatypes none.");
        }
    }

    private static ReportCatalog LoadDefault()
    {
        using var stream = typeof(ReportCatalog).Assembly.GetManifestResourceStream("SmartCity.Grains.Reports.report-categories.json")
            ?? throw new InvalidOperationException("The default report categories are not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record CatalogFile(List<ReportCategory>? Categories, List<Department>? Departments);
}

/// <summary>A kind of problem a citizen can report, with the deadlines the responsible official must keep.</summary>
public sealed record ReportCategory(
    string Code,
    string Name,
    string Description,
    string Group,
    IReadOnlyList<string> Keywords,
    TimeSpan AcknowledgeWithin,
    TimeSpan ResolveWithin,
    string? Department,
    IReadOnlyList<CategoryQuestion> Attributes)
{
    public IReadOnlyList<CategoryQuestion> Attributes { get; init; } = Attributes ?? [];

    public IReadOnlyList<string> Keywords { get; init; } = Keywords ?? [];
}

/// <summary>An extra question a category asks: an attribute of an Open311 GeoReport v2 service definition.</summary>
public sealed record CategoryQuestion(
    string Code,
    string Description,
    AttributeDatatype Datatype,
    bool Required,
    int Order,
    IReadOnlyList<AttributeValue> Values)
{
    public IReadOnlyList<AttributeValue> Values { get; init; } = Values ?? [];
}

/// <summary>One allowed answer of a list attribute.</summary>
public sealed record AttributeValue(string Key, string Name);

/// <summary>Open311's attribute datatypes, under their names in the spec.</summary>
#pragma warning disable CA1720 // "String" is Open311's name for the datatype.
public enum AttributeDatatype
{
    String,
    Number,
    Datetime,
    Text,
    SingleValueList,
    MultiValueList,
}
#pragma warning restore CA1720

/// <summary>A city department that an official can pass a report on to, e.g. the water supply group.</summary>
public sealed record Department(string Id, string Name);

/// <summary>The report categories file is unreadable or inconsistent; the message names the category and field.</summary>
public sealed class ReportCatalogException(string message) : Exception(message);
