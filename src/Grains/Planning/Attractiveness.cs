namespace SmartCity.Grains.Planning;

/// <summary>
/// How strongly each cell draws arrivals in a year, a multinomial-logit weight (McFadden, "Modelling the choice of
/// residential location", 1978) of four factors:
/// A_i = (J_i / J̄)^βJ · exp(−d_i / L) · exp(−βρ · ρ_i / ρ̄) · (1 + βR · free_i / H_i),
/// jobs/amenity weight J, distance d from the centre (the exponential decay of Clark, "Urban population densities",
/// J. R. Stat. Soc. A 114(4), 1951), density ρ = residents / km² against the city's mean, and the share of housing
/// still free. Every factor is positive, so a full cell still draws people, who then overflow to its neighbours.
/// </summary>
public sealed class Attractiveness
{
    private readonly ScenarioTimeline _timeline;
    private readonly double[] _centreFactor;
    private readonly double _totalAreaKm2;

    public Attractiveness(ScenarioTimeline timeline)
    {
        _timeline = timeline;
        var city = timeline.City;
        var weights = timeline.Scenario.Attractiveness;
        var geometry = new CentreDistance(city);
        _centreFactor = [.. city.Cells.Select(c => Math.Exp(-geometry.Km(c) / weights.CentreDecayKm))];
        _totalAreaKm2 = timeline.AreaKm2.Sum();
    }

    /// <summary>Writes A_i for the residents at the moment (start of the year's placement) into <paramref name="weights"/>.</summary>
    public void Compute(int yearIndex, ReadOnlySpan<int> residents, Span<double> weights)
    {
        var w = _timeline.Scenario.Attractiveness;
        int n = _timeline.CellCount, offset = yearIndex * n;
        var jobs = _timeline.JobsWeight.AsSpan(offset, n);
        double meanJobs = 0, totalResidents = 0;
        for (int i = 0; i < n; i++)
        {
            meanJobs += jobs[i];
            totalResidents += residents[i];
        }
        meanJobs /= n;
        double meanDensity = totalResidents / _totalAreaKm2;
        for (int i = 0; i < n; i++)
        {
            double area = _timeline.AreaKm2[i], capacity = _timeline.HousingCapacity[i];
            double relativeDensity = meanDensity > 0 && area > 0 ? residents[i] / area / meanDensity : 1;
            double freeShare = capacity > 0 ? Math.Max(0, capacity - residents[i]) / capacity : 0;
            weights[i] = Math.Pow(jobs[i] / meanJobs, w.Jobs) * _centreFactor[i]
                * Math.Exp(-w.Density * relativeDensity) * (1 + w.Room * freeShare);
        }
    }

    /// <summary>Distances from the city's centre on the same local plane as the cell geometry.</summary>
    private sealed class CentreDistance(PlanningCity city)
    {
        private readonly double _cosLat = Math.Cos(city.Centre.Lat * Math.PI / 180);

        // One degree of latitude on the mean Earth radius, in km.
        private const double KmPerDegree = 6371.0088 * Math.PI / 180;

        public double Km(PlanningCell cell)
        {
            double dy = (cell.Centroid.Lat - city.Centre.Lat) * KmPerDegree, dx = (cell.Centroid.Lon - city.Centre.Lon) * KmPerDegree * _cosLat;
            return Math.Sqrt(dx * dx + dy * dy);
        }
    }
}
