namespace SmartCity.Grains.Planning;

/// <summary>The checks of one policy lever: its year, its cell, and exactly the members its action uses.</summary>
internal static class LeverChecks
{
    private static readonly Dictionary<LeverAction, string[]> MembersUsed = new()
    {
        [LeverAction.BuildFacilities] = ["kind", "count", "capacity"],
        [LeverAction.AddOfficials] = ["count"],
        [LeverAction.SetAcknowledgeDeadline] = ["hours"],
        [LeverAction.CapInflow] = ["max"],
        [LeverAction.BoostInflow] = ["factor"],
        [LeverAction.SetHouseholdSize] = ["value"],
    };

    /// <param name="given">The lever as the file gave it, before its yearOffset became a year.</param>
    public static void Check(Scenario scenario, PlanningCity city, PolicyLever lever, PolicyLever? given, string at, ScenarioValidator.Errors errors)
    {
        if (given?.YearOffset is int offset)
        {
            if (given.Year != 0) errors.Add($"{at}.yearOffset", "give year or yearOffset, not both.");
            else if (offset < 0 || offset >= scenario.Years)
                errors.Add($"{at}.yearOffset", $"{offset} is outside 0 to {Math.Max(0, scenario.Years - 1)} (0 is the first simulated year).");
        }
        else if (lever.Year < scenario.StartYear) errors.Add($"{at}.year", $"{lever.Year} is before the start year {scenario.StartYear}.");
        else if (lever.Year > scenario.EndYear) errors.Add($"{at}.year", $"{lever.Year} is after the last simulated year {scenario.EndYear}.");
        if (!lever.AppliesToAllCells && !city.Contains(lever.Cell))
            errors.Add($"{at}.cell", $"'{lever.Cell}' is not a grid cell of {city.Name} (nor \"{PolicyLever.AllCells}\").");
        if (lever.Action is not LeverAction action)
        {
            errors.Add($"{at}.action", $"is required: one of {string.Join(", ", MembersUsed.Keys.Select(Name))}.");
            return;
        }
        var used = MembersUsed[action];
        foreach (var (member, isSet) in SetMembers(lever))
        {
            if (isSet && !used.Contains(member)) errors.Add($"{at}.{member}", $"is not used by {Name(action)}.");
        }
        switch (action)
        {
            case LeverAction.BuildFacilities:
                CheckBuild(lever, at, errors);
                break;
            case LeverAction.AddOfficials:
                Required(errors, $"{at}.count", lever.Count, 1, 1000);
                break;
            case LeverAction.SetAcknowledgeDeadline:
                Required(errors, $"{at}.hours", lever.Hours, 0.01, 24 * 365);
                break;
            case LeverAction.CapInflow:
                if (lever.Max < 0) errors.Add($"{at}.max", "cannot be negative.");
                else Required(errors, $"{at}.max", lever.Max, 0, int.MaxValue);
                MustApplyToAll(lever, at, action, errors);
                break;
            case LeverAction.BoostInflow:
                Required(errors, $"{at}.factor", lever.Factor, 0.001, 100);
                MustApplyToAll(lever, at, action, errors);
                break;
            case LeverAction.SetHouseholdSize:
                Required(errors, $"{at}.value", lever.Value, 1, 10);
                break;
        }
    }

    private static void CheckBuild(PolicyLever lever, string at, ScenarioValidator.Errors errors)
    {
        Required(errors, $"{at}.count", lever.Count, 1, 10_000);
        if (lever.Kind is null)
        {
            errors.Add($"{at}.kind", $"is required: one of {string.Join(", ", BuildableKinds.All)}.");
            return;
        }
        if (!BuildableKinds.All.Contains(lever.Kind))
        {
            errors.Add($"{at}.kind", $"'{lever.Kind}' is not a kind that can be built: one of {string.Join(", ", BuildableKinds.All)}.");
            return;
        }
        bool takesCapacity = lever.Kind is BuildableKinds.CarPark || BuildableKinds.AsFacilityKind(lever.Kind) == Grains.Facilities.FacilityKind.ServiceHall;
        if (lever.Kind == BuildableKinds.CarPark) Required(errors, $"{at}.capacity", lever.Capacity, 1, 100_000);
        else if (lever.Capacity is not null && !takesCapacity) errors.Add($"{at}.capacity", $"is not used when building {lever.Kind}.");
        else if (lever.Capacity is int capacity) errors.Range($"{at}.capacity", capacity, 1, 100_000);
    }

    private static void MustApplyToAll(PolicyLever lever, string at, LeverAction action, ScenarioValidator.Errors errors)
    {
        if (!lever.AppliesToAllCells) errors.Add($"{at}.cell", $"{Name(action)} applies to the whole city: leave cell out or set it to \"{PolicyLever.AllCells}\".");
    }

    private static void Required(ScenarioValidator.Errors errors, string field, double? value, double min, double max)
    {
        if (value is double v) errors.Range(field, v, min, max);
        else errors.Add(field, "is required.");
    }

    private static IEnumerable<(string Member, bool IsSet)> SetMembers(PolicyLever lever) =>
    [
        ("kind", lever.Kind is not null), ("count", lever.Count is not null), ("capacity", lever.Capacity is not null),
        ("hours", lever.Hours is not null), ("max", lever.Max is not null), ("factor", lever.Factor is not null),
        ("value", lever.Value is not null),
    ];

    private static string Name(LeverAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());
}
