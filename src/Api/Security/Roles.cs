namespace SmartCity.Api.Security;

/// <summary>
/// Who may call what. A person signs in with a token carrying one or more of these roles; a sensor
/// gateway or a service sends an API key carrying its role. Admin may do everything.
/// </summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string Sensor = "sensor";
    public const string Official = "official";
    public const string Operator = "operator";
    public const string Planner = "planner";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Citizen, Sensor, Official, Operator, Planner, Admin];
}
