namespace SmartCity.Grains.Planning;

/// <summary>
/// Persons per household by cell and year. The city average follows start + change × t; each cell keeps its
/// snapshot ratio to the city average (an old-town cell of large families stays larger). A setHouseholdSize lever
/// for all cells restarts the city path at its value; one for a cell gives that cell a path of its own.
/// Never below one person.
/// </summary>
internal sealed class HouseholdSizePath
{
    private readonly PlanningCity _city;
    private readonly double _change;
    private readonly double[] _ratioToCity;
    private readonly (double Value, int From)?[] _ownPath;
    private (double Value, int From) _cityPath;

    public HouseholdSizePath(Scenario scenario, PlanningCity city)
    {
        _city = city;
        double mean = city.Cells.Sum(c => (double)c.Residents) / Math.Max(1, city.Cells.Sum(c => (double)c.Households));
        _cityPath = (scenario.HouseholdSize.Start ?? mean, 0);
        _change = scenario.HouseholdSize.ChangePerYear;
        _ratioToCity = [.. city.Cells.Select(c => c.HouseholdSize / mean)];
        _ownPath = new (double, int)?[city.Cells.Count];
    }

    public void Set(PolicyLever lever, int yearIndex)
    {
        double value = lever.Value ?? 0;
        if (lever.AppliesToAllCells)
        {
            _cityPath = (value, yearIndex);
            Array.Clear(_ownPath);
        }
        else
        {
            _ownPath[_city.IndexOf(lever.Cell)] = (value, yearIndex);
        }
    }

    public double For(int cell, int yearIndex) => Math.Max(1, _ownPath[cell] is { } own
        ? own.Value + _change * (yearIndex - own.From)
        : _ratioToCity[cell] * (_cityPath.Value + _change * (yearIndex - _cityPath.From)));
}
