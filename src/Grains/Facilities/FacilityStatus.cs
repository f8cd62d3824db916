using SmartCity.Grains.Readings;

namespace SmartCity.Grains.Facilities;

/// <summary>What a citizen needs to know about a facility now.</summary>
public enum FacilityStatus
{
    Open,
    Closed,
    OutOfOrder,
    Unknown,
}

/// <summary>Combines opening hours and the sensor's last word into the facility's status now.</summary>
public static class FacilityStatusRule
{
    /// <param name="condition">The sensor's last condition, or null when it is silent or never spoke.</param>
    public static FacilityStatus Decide(bool hasSensor, FacilityCondition? condition, bool openByHours)
    {
        if (!openByHours) return FacilityStatus.Closed;
        return condition switch
        {
            FacilityCondition.OutOfOrder => FacilityStatus.OutOfOrder,
            FacilityCondition.Closed => FacilityStatus.Closed,
            FacilityCondition.InService => FacilityStatus.Open,
            // A facility without a sensor is open whenever its hours say so; a silent sensor means we do not know.
            _ => hasSensor ? FacilityStatus.Unknown : FacilityStatus.Open,
        };
    }
}

