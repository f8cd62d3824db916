namespace SmartCity.Grains.Planning;

/// <summary>
/// The random outcome of one Monte Carlo run: residents and migrants of every cell at the end of every year
/// (indexed [year × cells + cell]) and the city's flows per year. Demands and gaps follow from these without chance,
/// so this is all a batch has to send back.
/// </summary>
public sealed record RunFigures(int Run, int[] Residents, int[] Migrants, YearFlows[] Flows);

/// <summary>The city's migrant flows in one year of a run.</summary>
/// <param name="Arrivals">New arrivals after any cap.</param>
/// <param name="Returns">Earlier leavers who came back.</param>
/// <param name="Departures">Migrants who left the city.</param>
/// <param name="Unplaced">Arrivals and returners who found no room anywhere, so did not stay.</param>
/// <param name="Away">Leavers still away at the end of the year, who may return later.</param>
public readonly record struct YearFlows(int Arrivals, int Returns, int Departures, int Unplaced, int Away);
