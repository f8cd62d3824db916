using System.Globalization;
using System.Text;
using SmartCity.Grains.City;
using SmartCity.Grains.Geo;

namespace SmartCity.Simulator.Import;

/// <summary>
/// UCI "Parking Birmingham" (datasets/parking-birmingham): one car park per SystemCodeNumber and one
/// "count" reading per good row. The data have no coordinates, so the car parks are placed, sorted
/// by id, one per cell of a 500 m lattice centred on Birmingham city centre: the positions are synthetic.
/// </summary>
public sealed class BirminghamParkingImport : IDatasetImport
{
    public const string NoCode = "no car park code";
    public const string CapacityNotPositive = "capacity not positive";
    public const string AboveCapacity = "occupancy above capacity";
    public const string NegativeOccupancy = "negative occupancy";
    public const string RepeatSameValue = "repeated (car park, time) with the same occupancy";
    public const string RepeatDifferentValue = "repeated (car park, time) with a different occupancy";

    public const string CityName = "Birmingham (Parking Birmingham import)";
    public const string TimeZoneId = "Europe/London";

    private const string Code = "SystemCodeNumber", Capacity = "Capacity", Occupancy = "Occupancy", LastUpdated = "LastUpdated";

    // Victoria Square, the centre of Birmingham (WGS84), which the synthetic lattice is centred on.
    private static readonly GeoPoint CityCentre = new(52.4797, -1.9027);
    private const double CellMeters = 500;
    private const int Seed = 482; // the UCI dataset id: any fixed number keeps the synthetic population repeatable

    // Central Birmingham: flats with small households (about 2 people) and many students and short-term renters.
    private static readonly SyntheticPopulation Population = new(300, 700, 1.6, 2.4, 0.15, 0.40);

    private static readonly SyntheticDistrict[][] DistrictsByWidth =
    [
        [new("C", "Centre")],
        [new("W", "West"), new("E", "East")],
        [new("W", "West"), new("C", "Centre"), new("E", "East")],
    ];

    private readonly LocalTimes _times = new(TimeZoneId);
    private readonly Dictionary<string, string> _idByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<int>> _capacitiesByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, DateTimeOffset Time), int> _kept = [];
    private readonly List<ReadingLine> _readings = [];

    public string Name => "parking-birmingham";

    public IReadOnlyList<string> Columns { get; } = [Code, Capacity, Occupancy, LastUpdated];

    public IReadOnlyList<RowProblem> Read(CsvRecord row, CsvColumns columns)
    {
        var problems = new List<RowProblem>();
        string code = columns.Of(row, Code).Trim();
        if (code.Length == 0) problems.Add(new RowProblem(NoCode, "SystemCodeNumber is empty"));
        int? capacity = WholeNumber(columns.Of(row, Capacity), Capacity, problems);
        int? occupancy = WholeNumber(columns.Of(row, Occupancy), Occupancy, problems);
        var observedAt = _times.TryRead(columns.Of(row, LastUpdated), LastUpdated, out var timeProblem);
        if (timeProblem is not null) problems.Add(timeProblem);

        if (capacity <= 0) problems.Add(new RowProblem(CapacityNotPositive, $"capacity {capacity} is not a positive number of spaces"));
        else if (capacity is { } spaces && code.Length > 0) Remember(code, spaces);
        if (occupancy < 0) problems.Add(new RowProblem(NegativeOccupancy, $"occupancy {occupancy} is below zero"));
        else if (occupancy > capacity && capacity > 0) problems.Add(new RowProblem(AboveCapacity, $"occupancy {occupancy} is above capacity {capacity}"));
        // A repeat is judged against the reading kept for the pair, so the first good row is the one that counts.
        if (code.Length > 0 && observedAt is { } time && occupancy is { } cars && _kept.TryGetValue((code, time), out int kept))
        {
            problems.Add(kept == cars
                ? new RowProblem(RepeatSameValue, $"{code} at {columns.Of(row, LastUpdated)} was read before, also with occupancy {cars}")
                : new RowProblem(RepeatDifferentValue, $"{code} at {columns.Of(row, LastUpdated)} was read before with occupancy {kept}, now {cars}; the first is kept"));
        }
        if (problems.Count > 0) return problems;

        _kept[(code, observedAt!.Value)] = occupancy!.Value;
        string id = _idByCode[code];
        string readingId = string.Create(CultureInfo.InvariantCulture, $"{id["carpark:".Length..]}@{observedAt.Value:yyyyMMdd'T'HHmmss}");
        _readings.Add(new ReadingLine(id, readingId, "count", occupancy.Value, observedAt.Value));
        return [];
    }

    public ImportedData? Finish(out string? failure)
    {
        if (_idByCode.Count == 0)
        {
            failure = "no row names a car park with a valid capacity, so there is no city to build";
            return null;
        }
        failure = null;
        var ids = _idByCode.OrderBy(p => p.Value, StringComparer.Ordinal).ToArray();
        int columns = (int)Math.Ceiling(Math.Sqrt(ids.Length)), rows = (ids.Length + columns - 1) / columns;
        var lattice = SquareLattice.Centred(CityCentre, CellMeters, rows, columns);
        var districts = DistrictsByWidth[Math.Min(columns, 3) - 1];
        // Sorted by id, the car parks fill the lattice like text on a page: from the north-west, row by row.
        var carParks = ids.Select((p, k) => new CarParkDefinition(
            p.Value, p.Key, lattice.Centre(rows - 1 - k / columns, k % columns), _capacitiesByCode[p.Key].Max)).ToArray();
        var city = SyntheticCity.Build(
            CityName, TimeZoneId, lattice, (_, column) => districts[column * districts.Length / columns],
            Population, new Random(Seed), carParks);
        SyntheticCity.EnsureValid(city);

        var notes = _capacitiesByCode.Where(p => p.Value.Count > 1)
            .Select(p => $"the capacity of {p.Key} varies ({string.Join(", ", p.Value)}); the city uses the largest, and each row is checked against its own")
            .ToList();
        if (_times.AmbiguityNote() is { } note) notes.Add(note);
        string entities = string.Create(CultureInfo.InvariantCulture,
            $"{carParks.Length} car parks; city: {city.GridCells.Count} grid cells, {city.Districts.Count} districts, {city.Officials.Count} officials");
        return new ImportedData(city, _readings, entities, notes);
    }

    /// <summary>"carpark:" and the code with every character outside A-Z a-z 0-9 . _ - made a '-': "Bull Ring" is "carpark:Bull-Ring".</summary>
    public static string IdFor(string code)
    {
        var id = new StringBuilder("carpark:", "carpark:".Length + code.Length);
        foreach (char c in code) id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        return id.ToString();
    }

    private void Remember(string code, int capacity)
    {
        if (!_capacitiesByCode.TryGetValue(code, out var capacities))
        {
            _capacitiesByCode[code] = capacities = [];
            _idByCode[code] = UniqueId(code);
        }
        capacities.Add(capacity);
    }

    /// <summary>Two codes that differ only in characters an id cannot hold get "-2", "-3" … in the order they first appear.</summary>
    private string UniqueId(string code)
    {
        // Ids are at most 100 characters (docs/city-file.md); leave room for a suffix.
        string id = IdFor(code);
        if (id.Length > 96) id = id[..96];
        string candidate = id;
        for (int n = 2; _idByCode.ContainsValue(candidate); n++) candidate = string.Create(CultureInfo.InvariantCulture, $"{id}-{n}");
        return candidate;
    }

    private static int? WholeNumber(string text, string column, List<RowProblem> problems)
    {
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)) return value;
        problems.Add(new RowProblem(ImportReasons.UnparsableNumber, $"{column} \"{text}\" is not a whole number"));
        return null;
    }
}
