using MathNet.Numerics.Distributions;

namespace SmartCity.Grains.Planning;

/// <summary>
/// The yearly migrant flows of the whole city: new arrivals (national inflow scaled to the city plus urbanization
/// of the region), departures from the migrant stock and returns of earlier leavers. Equations and the reasons for
/// each distribution are in docs/planning-model.md, "Migrant inflow".
/// </summary>
public sealed class MigrantInflow
{
    /// <summary>A run's band position z is drawn from N(0, 1) and clamped to ±3, so no run leaves the band's 3-sigma reach.</summary>
    public const double MaxBandPosition = 3;

    private readonly Scenario _scenario;
    private readonly MigrationInput _migration;
    private readonly double[] _meanArrivals;
    private readonly double[] _scale;
    private readonly int?[] _capByYear;

    /// <summary>The flows of the timeline's scenario, with the inflow boosts and caps its levers set.</summary>
    public MigrantInflow(ScenarioTimeline timeline)
    {
        var scenario = timeline.Scenario;
        _scenario = scenario;
        _migration = scenario.Migration;
        _capByYear = [.. Enumerable.Range(0, scenario.Years).Select(timeline.InflowCapIn)];
        _meanArrivals = new double[scenario.Years];
        _scale = new double[scenario.Years];
        for (int t = 0; t < scenario.Years; t++)
        {
            _scale[t] = _migration.InflowMultiplier * timeline.InflowBoostIn(t);
            _meanArrivals[t] = (NationalArrivals(_migration) + UrbanizationArrivals(scenario, t)) * _scale[t];
        }
        DrawsUrbanPath = scenario.Urbanization.HasBand && UrbanizationActive(scenario.Urbanization);
    }

    /// <summary>True when each run draws its own urban-share path from the scenario's band (one extra draw at its start).</summary>
    public bool DrawsUrbanPath { get; }

    /// <summary>A run's position in the urban-share band: z ~ N(0, 1), clamped to ±<see cref="MaxBandPosition"/>.</summary>
    public static double DrawBandPosition(Random random) => Math.Clamp(Normal.Sample(random, 0, 1), -MaxBandPosition, MaxBandPosition);

    /// <summary>The city's part of the national migrant inflow, before the multiplier: inflow × city share.</summary>
    public static double NationalArrivals(MigrationInput migration) => migration.NationalInflowPerYear * migration.CityShare;

    /// <summary>
    /// People who become urban in the region in year t and settle in this city:
    /// max(0, u(y) − u(y − 1)) × regional population × the city's share of that growth.
    /// </summary>
    /// <param name="bandPosition">The run's z in the urban-share band; 0 follows the median path.</param>
    public static double UrbanizationArrivals(Scenario scenario, int yearIndex, double bandPosition = 0)
    {
        var urbanization = scenario.Urbanization;
        if (!UrbanizationActive(urbanization)) return 0;
        return Math.Max(0, urbanization.ShareChange(scenario.StartYear, scenario.StartYear + yearIndex, bandPosition))
            * urbanization.RegionalPopulation * urbanization.CityShareOfUrbanGrowth;
    }

    private static bool UrbanizationActive(UrbanizationInput urbanization) =>
        urbanization.RegionalPopulation > 0 && urbanization.CityShareOfUrbanGrowth > 0;

    /// <summary>The expected new arrivals of year t after the multiplier and any boost, before any cap.</summary>
    public double MeanArrivals(int yearIndex) => _meanArrivals[yearIndex];

    /// <summary>The expected new arrivals of year t on the urban-share path at band position z.</summary>
    public double MeanArrivals(int yearIndex, double bandPosition) => bandPosition == 0
        ? _meanArrivals[yearIndex]
        : (NationalArrivals(_migration) + UrbanizationArrivals(_scenario, yearIndex, bandPosition)) * _scale[yearIndex];

    /// <summary>New arrivals of year t: negative binomial around the mean, then the cap of that year if any.</summary>
    /// <param name="bandPosition">The run's z in the urban-share band (<see cref="DrawBandPosition"/>); 0 without a band.</param>
    public int DrawArrivals(Random random, int yearIndex, double bandPosition = 0)
    {
        int arrivals = DrawNegativeBinomial(random, MeanArrivals(yearIndex, bandPosition), _migration.Dispersion);
        return _capByYear[yearIndex] is int cap ? Math.Min(arrivals, cap) : arrivals;
    }

    /// <summary>How many of a cell's migrants leave the city this year: Binomial(migrants, departure rate).</summary>
    public int DrawDepartures(Random random, int migrants) => BinomialDraw.Sample(random, migrants, _migration.DepartureRate);

    /// <summary>How many earlier leavers, still away, come back this year: Binomial(away, return rate).</summary>
    public int DrawReturns(Random random, int away) => BinomialDraw.Sample(random, away, _migration.ReturnRate);

    /// <summary>
    /// A negative binomial count with the given mean m and dispersion (size) k, variance m + m²/k (the "NB2" form,
    /// Cameron and Trivedi, "Regression Analysis of Count Data", 2nd ed. 2013, §3.3). In MathNet's terms this is
    /// NegativeBinomial(r = k, p = k / (k + m)), which counts failures before the r-th success, mean r(1 − p)/p.
    /// It is drawn as the Gamma–Poisson mixture λ ~ Gamma(shape k, rate k/m), X ~ Poisson(λ), not with
    /// NegativeBinomial.Sample: in MathNet 5.0.0 that uses rate p instead of p/(1 − p), so its draws have mean r/p
    /// (mathnet-numerics issue #1109), and counts Poisson events by multiplying uniforms, which never ends once λ
    /// passes about 745 (issue #320). MathNet's Poisson sampler (Atkinson's method PA for λ ≥ 30) has neither problem.
    /// </summary>
    public static int DrawNegativeBinomial(Random random, double mean, double dispersion)
    {
        if (mean <= 0) return 0;
        // λ is capped far above any mean the validator lets through, so the count always fits in an int.
        double lambda = Math.Min(Gamma.Sample(random, dispersion, dispersion / mean), MaxLambda);
        return lambda > 0 ? Poisson.Sample(random, lambda) : 0;
    }

    private const double MaxLambda = 1e9;
}
