using System.Globalization;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;

namespace SmartCity.Simulator.Import;

/// <summary>
/// Boston 311 service requests (datasets/boston-311): one report per row, "submitted" at open_dt and
/// "resolved" at closed_dt when closed. The city is a lattice of 1 km squares over the located
/// requests, with one district per block of 4 x 4 cells.
/// </summary>
public sealed class Boston311Import : IDatasetImport
{
    public const string UnusableCaseId = "unusable case id";
    public const string RepeatedCaseId = "repeated case id";
    public const string UnknownStatus = "unknown case status";
    public const string ClosedWithoutTime = "closed case without closed_dt";
    public const string OpenWithCloseTime = "open case with a closed_dt";
    public const string ClosedBeforeOpened = "closed before opened";
    public const string NoLocation = "no location";
    public const string UnknownLocation = "unknown location (Boston's default point)";
    public const string OutsideBoston = "location outside the Boston area";
    public const string NoCategory = "311 type with no category";

    public const string CityName = "Boston (Boston 311 import)";
    public const string TimeZoneId = "America/New_York";

    /// <summary>Boston City Hall, where Boston 311 puts a case it could not geocode (SOURCE.md).</summary>
    public static readonly GeoPoint DefaultPoint = new(42.3594, -71.0587);

    // Boston proper lies within about 42.23-42.40 N, 71.19-70.92 W; a point far outside is a geocoding slip.
    private static readonly GeoBounds BostonArea = new(42.1, -71.3, 42.5, -70.8);

    private const double CellMeters = 1000, MarginMeters = 500;
    private const int CellsPerDistrictSide = 4;
    private const int Seed = 311;

    // Boston averages about 2.4 people per household at about 5,000 people per km² (US Census 2020);
    // students and other short-stay renters stand in for the floating population.
    private static readonly SyntheticPopulation Population = new(1200, 2800, 2.0, 2.8, 0.05, 0.25);

    private const string CaseId = "case_enquiry_id", Opened = "open_dt", Closed = "closed_dt", Status = "case_status";
    private const string ClosureReason = "closure_reason", Title = "case_title", Reason = "reason", Type = "type";
    private const string Neighborhood = "neighborhood", Latitude = "latitude", Longitude = "longitude";

    private readonly LocalTimes _times = new(TimeZoneId);
    private readonly HashSet<string> _caseIds = new(StringComparer.Ordinal);
    private readonly List<(GeoPoint Point, string Neighborhood)> _located = [];
    private readonly List<ReportStepLine> _steps = [];
    private int _reports;

    public string Name => "boston-311";

    public IReadOnlyList<string> Columns { get; } =
        [CaseId, Opened, Closed, Status, ClosureReason, Title, Reason, Type, Neighborhood, Latitude, Longitude];

    public IReadOnlyList<RowProblem> Read(CsvRecord row, CsvColumns columns)
    {
        var problems = new List<RowProblem>();
        string caseId = columns.Of(row, CaseId).Trim();
        if (caseId.Length == 0 || !caseId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            problems.Add(new RowProblem(UnusableCaseId, $"case_enquiry_id \"{caseId}\" is empty or holds characters an id cannot"));
        else if (_caseIds.Contains(caseId))
            problems.Add(new RowProblem(RepeatedCaseId, $"case {caseId} came before; the first is kept"));

        var opened = _times.TryRead(columns.Of(row, Opened), Opened, out var openProblem);
        if (openProblem is not null) problems.Add(openProblem);
        var closed = ClosedAt(row, columns, opened, problems);
        var location = Location(row, columns, problems);
        string type = columns.Of(row, Type).Trim();
        string? category = Boston311Categories.CategoryOf(type, columns.Of(row, Reason));
        if (category is null)
            problems.Add(new RowProblem(NoCategory, $"type \"{type}\" (reason \"{columns.Of(row, Reason).Trim()}\") fits none of the twin's categories"));
        if (problems.Count > 0) return problems;

        _caseIds.Add(caseId);
        _reports++;
        string reportId = $"boston-{caseId}";
        _steps.Add(new ReportStepLine(reportId, 1, "submitted", "citizen", "", category!, opened!.Value,
            Description(columns.Of(row, Title), type), location, Boston311Categories.AttributesOf(type, category!)));
        if (closed is { } at)
        {
            // The API takes no empty resolution (NewReportValidator: required text), so a blank closure reason gets a stand-in.
            string text = columns.Of(row, ClosureReason).Trim() is { Length: > 0 } reason ? reason : "Closed by Boston 311 without a stated reason.";
            _steps.Add(new ReportStepLine(reportId, 2, "resolved", "system", text, category!, at));
        }
        return [];
    }

    public ImportedData? Finish(out string? failure)
    {
        if (_located.Count == 0)
        {
            failure = "no row has a usable location, so there is no city to build";
            return null;
        }
        failure = null;
        var lattice = SquareLattice.Around(GeoBounds.Around(_located.Select(l => l.Point)), CellMeters, MarginMeters);
        var districts = NameDistricts(lattice);
        var city = SyntheticCity.Build(
            CityName, TimeZoneId, lattice, (row, column) => districts[(row / CellsPerDistrictSide, column / CellsPerDistrictSide)],
            Population, new Random(Seed), []);
        SyntheticCity.EnsureValid(city);

        var notes = new List<string>();
        if (_times.AmbiguityNote() is { } note) notes.Add(note);
        string entities = string.Create(CultureInfo.InvariantCulture,
            $"{_reports} reports ({_steps.Count(s => s.Kind == "resolved")} resolved); city: {city.GridCells.Count} grid cells, {city.Districts.Count} districts, {city.Officials.Count} officials");
        return new ImportedData(city, _steps, entities, notes);
    }

    /// <summary>"Graffiti: Ward 8 0803 (Graffiti Removal)": the title, with the type when the title does not already say it.</summary>
    public static string Description(string title, string type)
    {
        title = title.Trim();
        if (title.Length == 0) return type;
        return title.Contains(type, StringComparison.OrdinalIgnoreCase) ? title : $"{title} ({type})";
    }

    private DateTimeOffset? ClosedAt(CsvRecord row, CsvColumns columns, DateTimeOffset? opened, List<RowProblem> problems)
    {
        string status = columns.Of(row, Status).Trim(), closedText = columns.Of(row, Closed).Trim();
        switch (status)
        {
            case "Open" when closedText.Length > 0:
                problems.Add(new RowProblem(OpenWithCloseTime, $"case_status is Open but closed_dt is {closedText}"));
                return null;
            case "Open":
                return null;
            case "Closed" when closedText.Length == 0:
                problems.Add(new RowProblem(ClosedWithoutTime, "case_status is Closed but closed_dt is empty"));
                return null;
            case "Closed":
                var closed = _times.TryRead(closedText, Closed, out var problem);
                if (problem is not null) problems.Add(problem);
                if (closed < opened) problems.Add(new RowProblem(ClosedBeforeOpened, $"closed_dt {closedText} is before open_dt {columns.Of(row, Opened).Trim()}"));
                return closed;
            default:
                problems.Add(new RowProblem(UnknownStatus, $"case_status \"{status}\" is neither Open nor Closed"));
                return null;
        }
    }

    private GeoPoint? Location(CsvRecord row, CsvColumns columns, List<RowProblem> problems)
    {
        string latText = columns.Of(row, Latitude).Trim(), lonText = columns.Of(row, Longitude).Trim();
        if (latText.Length == 0 || lonText.Length == 0)
        {
            problems.Add(new RowProblem(NoLocation, "latitude or longitude is empty"));
            return null;
        }
        if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out double lat)
            || !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out double lon))
        {
            problems.Add(new RowProblem(ImportReasons.UnparsableNumber, $"latitude \"{latText}\" or longitude \"{lonText}\" is not a number"));
            return null;
        }
        var point = new GeoPoint(lat, lon);
        // The sample writes the point with four decimals; a tolerance of half the last digit also catches longer spellings of it.
        if (Math.Abs(lat - DefaultPoint.Lat) < 0.00005 && Math.Abs(lon - DefaultPoint.Lon) < 0.00005)
        {
            problems.Add(new RowProblem(UnknownLocation, $"({latText}, {lonText}) is where Boston 311 puts cases it could not place"));
            return null;
        }
        if (!BostonArea.Contains(point))
        {
            problems.Add(new RowProblem(OutsideBoston, $"({latText}, {lonText}) is outside 42.1-42.5 N, 71.3-70.8 W"));
            return null;
        }
        // Located rows shape the city even when another problem skips them: the city is built around the data.
        _located.Add((point, columns.Of(row, Neighborhood).Trim()));
        return point;
    }

    /// <summary>Each block of cells is named after the neighbourhood most of its located requests give, or just by its place.</summary>
    private Dictionary<(int, int), SyntheticDistrict> NameDistricts(SquareLattice lattice)
    {
        var districts = new Dictionary<(int, int), SyntheticDistrict>();
        int blockRows = (lattice.Rows + CellsPerDistrictSide - 1) / CellsPerDistrictSide;
        int blockColumns = (lattice.Columns + CellsPerDistrictSide - 1) / CellsPerDistrictSide;
        for (int r = 0; r < blockRows; r++)
        {
            for (int c = 0; c < blockColumns; c++)
            {
                string code = string.Create(CultureInfo.InvariantCulture, $"B{r}-{c}");
                string? commonest = _located
                    .Where(l => l.Neighborhood.Length > 0 && BlockOf(lattice, l.Point) == (r, c))
                    .GroupBy(l => l.Neighborhood, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.Key).FirstOrDefault();
                districts[(r, c)] = new SyntheticDistrict(code, commonest is null ? $"Block {code}" : $"{commonest} ({code})");
            }
        }
        return districts;
    }

    private static (int, int) BlockOf(SquareLattice lattice, GeoPoint point)
    {
        var (row, column) = lattice.CellOf(point);
        return (row / CellsPerDistrictSide, column / CellsPerDistrictSide);
    }
}
