using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Parking;
using SmartCity.Grains.Reports;

namespace SmartCity.Api.WebConsole;

/// <summary>What the console's map needs to start: tile settings and where the city lies.</summary>
public sealed record MapSettings(string? TileUrl, string? TileAttribution, int TileMaxZoom);

/// <summary>The city's static shapes for the map, compact: points as [lat, lon].</summary>
public sealed record CityLayer(
    string Name,
    double[][] Bounds,
    IReadOnlyList<DistrictShape> Districts,
    IReadOnlyList<GridCellShape> GridCells,
    IReadOnlyList<CarParkPlace> CarParks,
    IReadOnlyList<FacilityPlace> Facilities);

public sealed record DistrictShape(string Id, string Name);

public sealed record GridCellShape(
    string Id, string Name, string DistrictId, string Community, string OfficialId, int Bays, double[][] Boundary);

public sealed record CarParkPlace(string Id, string Name, double[] Location, int Capacity);

public sealed record FacilityPlace(string Id, string Name, FacilityKind Kind, double[] Location, string OpeningHours);

/// <summary>A grid cell's live figures for shading the map.</summary>
public sealed record GridCellMeasures(
    string Id, int Bays, int BaysFree, int BaysOccupied, int BaysUnknown, int CarParkSpacesFree, int ToiletsOpen, int Toilets);

/// <summary>A bay on the map with its status now.</summary>
public sealed record BayMarker(string Id, double[] Location, BayStatus Status);

/// <summary>A facility on the map with its status now.</summary>
public sealed record FacilityMarker(string Id, FacilityStatus Status);

/// <summary>A grid cell's reports for shading the map: open and overdue now, median response times in seconds (null: none yet).</summary>
public sealed record GridCellReportFigures(
    string Id, int OpenReports, int OverdueReports, double? MedianSecondsToAcknowledge, double? MedianSecondsToResolve);

/// <summary>Who can hold a report: the city's officials and the departments a report can be passed on to.</summary>
public sealed record ReportHolders(IReadOnlyList<OfficialEntry> Officials, IReadOnlyList<Department> Departments);

/// <summary>An official as the official's page lists them.</summary>
public sealed record OfficialEntry(string Id, string Name, OfficialRole Role, string? SupervisorId, IReadOnlyList<string> GridCellIds);
