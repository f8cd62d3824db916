using SmartCity.Grains.City;

namespace SmartCity.Simulator.Import;

/// <summary>
/// One public dataset's adapter: the header columns it needs, how one row becomes events, and the
/// city built around the rows once all are read.
/// </summary>
public interface IDatasetImport
{
    /// <summary>The name on the command line and in docs/import.md, e.g. "parking-birmingham".</summary>
    string Name { get; }

    IReadOnlyList<string> Columns { get; }

    /// <summary>Takes a well-formed row's events and returns no problems, or returns every problem found and takes nothing.</summary>
    IReadOnlyList<RowProblem> Read(CsvRecord row, CsvColumns columns);

    /// <summary>The city and events of the rows taken, or null with the failure when they cannot make a city.</summary>
    ImportedData? Finish(out string? failure);
}

/// <summary>What an import writes: the city, the events, a line on the entities, and notes on the data as a whole.</summary>
public sealed record ImportedData(CityDefinition City, IReadOnlyList<EventLine> Events, string Entities, IReadOnlyList<string> Notes);
