namespace SmartCity.Grains.Planning;

/// <summary>
/// The random outcome of one Monte Carlo run: residents and migrants of every cell at the end of every year
/// (indexed [year × cells + cell]) and the city's flows per year. Demands and gaps follow from these without chance,
/// so this is all a batch has to send back.
/// </summary>
[GenerateSerializer, Immutable, Alias("RunFigures")]
public sealed record RunFigures(
    [property: Id(0)] int Run,
    [property: Id(1)] int[] Residents,
    [property: Id(2)] int[] Migrants,
    [property: Id(3)] YearFlows[] Flows);

/// <summary>The city's migrant flows in one year of a run.</summary>
/// <param name="Arrivals">New arrivals after any cap.</param>
/// <param name="Returns">Earlier leavers who came back.</param>
/// <param name="Departures">Migrants who left the city.</param>
/// <param name="Unplaced">Arrivals and returners who found no room anywhere, so did not stay.</param>
/// <param name="Away">Leavers still away at the end of the year, who may return later.</param>
[GenerateSerializer, Immutable, Alias("YearFlows")]
public readonly record struct YearFlows(
    [property: Id(0)] int Arrivals,
    [property: Id(1)] int Returns,
    [property: Id(2)] int Departures,
    [property: Id(3)] int Unplaced,
    [property: Id(4)] int Away);
