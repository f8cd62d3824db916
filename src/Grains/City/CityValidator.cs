using System.Buffers;
using System.Globalization;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>What a city definition must satisfy before a <see cref="CityMap"/> is built from it.</summary>
public static class CityValidator
{
    /// <summary>Every problem found (up to <see cref="CityFileErrorList.Limit"/>); empty when the city is sound.</summary>
    public static IReadOnlyList<CityFileError> Validate(CityDefinition city) => Validate(city, static (_, id) => id);

    /// <summary>As above, naming each definition by <paramref name="labelOf"/>, e.g. with its place in a file.</summary>
    internal static IReadOnlyList<CityFileError> Validate(CityDefinition city, Func<object, string, string> labelOf)
    {
        var inspection = new Inspection(city, labelOf);
        inspection.Run();
        return inspection.Errors.Errors;
    }

    private sealed class Inspection(CityDefinition city, Func<object, string, string> labelOf)
    {
        // Orleans reads a hex-looking string key as a number and '+' as a key extension, so ids keep
        // to a kind prefix and a plain alphabet; the length bound keeps keys cheap to hash and log.
        private const int MaxIdLength = 100;
        private const int MaxResidentsPerHousehold = 20;

        private static readonly SearchValues<char> IdCharacters =
            SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

        private readonly Dictionary<string, string> _labelById = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DistrictDefinition> _districts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OfficialDefinition> _officials = new(StringComparer.Ordinal);

        public CityFileErrorList Errors { get; } = new();

        public void Run()
        {
            CheckCity();
            foreach (var district in city.Districts) CheckDistrict(district);
            foreach (var official in city.Officials) CheckOfficialId(official);
            foreach (var official in city.Officials) CheckSupervisor(official);
            CheckSupervisionHasNoCycles();
            foreach (var cell in city.GridCells) CheckGridCell(cell);
            CheckPlaces();
        }

        private void CheckCity()
        {
            if (string.IsNullOrWhiteSpace(city.Name)) Errors.Add("file", "name", "the city needs a name");
            if (string.IsNullOrWhiteSpace(city.TimeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(city.TimeZoneId, out _))
            {
                Errors.Add("file", "timeZone", $"\"{city.TimeZoneId}\" is not a time zone known here; use an IANA id such as \"Asia/Shanghai\"");
            }
            if (city.GridCells.Count == 0) Errors.Add("file", "features", "the city needs at least one grid cell");
        }

        private void CheckDistrict(DistrictDefinition district)
        {
            string label = CheckId(district, district.Id, "district:");
            _districts.TryAdd(district.Id, district);
            RequireText(label, "name", district.Name);
        }

        private void CheckOfficialId(OfficialDefinition official)
        {
            string label = CheckId(official, official.Id, "official:");
            _officials.TryAdd(official.Id, official);
            RequireText(label, "name", official.Name);
            if (!Enum.IsDefined(official.Role)) Errors.Add(label, "properties.role", $"{official.Role} is not a role");
        }

        private void CheckSupervisor(OfficialDefinition official)
        {
            if (official.SupervisorId is { } supervisor && !_officials.ContainsKey(supervisor))
            {
                Errors.Add(Label(official, official.Id), "properties.supervisor", $"\"{supervisor}\" is not an official in this city");
            }
        }

        private void CheckSupervisionHasNoCycles()
        {
            var settled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var start in city.Officials)
            {
                var chain = new List<string>();
                for (var official = start; official is not null && !settled.Contains(official.Id);
                     official = official.SupervisorId is { } next ? _officials.GetValueOrDefault(next) : null)
                {
                    int seenAt = chain.IndexOf(official.Id);
                    if (seenAt >= 0)
                    {
                        string circle = string.Join(" -> ", chain.Skip(seenAt).Append(official.Id));
                        Errors.Add(Label(official, official.Id), "properties.supervisor", $"supervision runs in a circle: {circle}");
                        break;
                    }
                    chain.Add(official.Id);
                }
                settled.UnionWith(chain);
            }
        }

        private void CheckGridCell(GridCellDefinition cell)
        {
            string label = CheckId(cell, cell.Id, "grid:");
            RequireText(label, "name", cell.Name);
            RequireText(label, "community", cell.Community);
            if (!_districts.ContainsKey(cell.DistrictId))
            {
                Errors.Add(label, "properties.district", $"\"{cell.DistrictId}\" is not a district in this city");
            }
            if (!_officials.ContainsKey(cell.OfficialId))
            {
                Errors.Add(label, "properties.official", $"\"{cell.OfficialId}\" is not an official in this city");
            }
            CheckPopulation(label, cell);
            CheckBoundary(label, cell.Boundary);
        }

        private void CheckPopulation(string label, GridCellDefinition cell)
        {
            if (cell.Households < 1) Errors.Add(label, "properties.households", $"must be at least 1, found {cell.Households}");
            long mostResidents = Math.Max(1L, cell.Households) * MaxResidentsPerHousehold;
            if (cell.Residents < 1 || cell.Residents > mostResidents)
            {
                Errors.Add(label, "properties.residents",
                    $"must be between 1 and {MaxResidentsPerHousehold} per household ({mostResidents}), found {cell.Residents}");
            }
            if (cell.Migrants < 0 || cell.Migrants > cell.Residents)
            {
                Errors.Add(label, "properties.migrants", $"must be between 0 and the residents ({cell.Residents}), found {cell.Migrants}");
            }
        }

        private void CheckBoundary(string label, GeoPolygon boundary)
        {
            int invalid = boundary.Ring.Count(corner => !corner.IsValid);
            if (invalid > 0)
            {
                Errors.Add(label, "geometry.coordinates", $"{invalid} corner(s) are not valid WGS84 positions (longitude -180..180, latitude -90..90)");
            }
            if (boundary.Ring.Distinct().Count() < 3)
            {
                Errors.Add(label, "geometry.coordinates", "a polygon needs at least three distinct corners");
            }
        }

        private void CheckPlaces()
        {
            // Only sound cells go into the index; a broken cell has its own error already.
            var index = new SpatialIndex(city.GridCells
                .Where(c => c.Boundary.Ring.All(p => p.IsValid) && c.Boundary.Ring.Distinct().Count() >= 3).ToArray());
            foreach (var bay in city.ParkingBays)
            {
                string label = CheckId(bay, bay.Id, "bay:");
                RequireText(label, "street", bay.Street);
                CheckLocation(label, bay.Location, index);
            }
            foreach (var carPark in city.CarParks)
            {
                string label = CheckId(carPark, carPark.Id, "carpark:");
                RequireText(label, "name", carPark.Name);
                if (carPark.Capacity <= 0) Errors.Add(label, "properties.capacity", $"a car park holds at least one car, found {carPark.Capacity}");
                CheckLocation(label, carPark.Location, index);
            }
            foreach (var facility in city.Facilities)
            {
                string label = CheckId(facility, facility.Id, "facility:");
                RequireText(label, "name", facility.Name);
                if (!Enum.IsDefined(facility.Kind)) Errors.Add(label, "properties.facilityKind", $"{facility.Kind} is not a facility kind");
                if (facility.Capacity < 0) Errors.Add(label, "properties.capacity", $"must be 0 or more, found {facility.Capacity}");
                CheckLocation(label, facility.Location, index);
            }
        }

        private void CheckLocation(string label, GeoPoint location, SpatialIndex index)
        {
            if (!location.IsValid)
            {
                Errors.Add(label, "geometry.coordinates", $"{Describe(location)} is not a valid WGS84 position");
            }
            else if (index.CellContaining(location) is null)
            {
                Errors.Add(label, "geometry.coordinates", $"{Describe(location)} lies outside every grid cell");
            }
        }

        /// <summary>Checks form and uniqueness of an id; returns the label to name the definition by.</summary>
        private string CheckId(object definition, string id, string prefix)
        {
            string label = Label(definition, id);
            if (!_labelById.TryAdd(id, label))
            {
                Errors.Add(label, "id", $"\"{id}\" is already the id of {_labelById[id]}");
            }
            if (!HasIdForm(id, prefix))
            {
                Errors.Add(label, "id",
                    $"\"{id}\" must be \"{prefix}\" followed by letters, digits, '.', '_' or '-' only, at most {MaxIdLength} characters in all");
            }
            return label;
        }

        private static bool HasIdForm(string id, string prefix) =>
            id.Length > prefix.Length && id.Length <= MaxIdLength && id.StartsWith(prefix, StringComparison.Ordinal)
            && id.AsSpan(prefix.Length).IndexOfAnyExcept(IdCharacters) < 0;

        private void RequireText(string label, string property, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) Errors.Add(label, $"properties.{property}", "must not be empty");
        }

        private string Label(object definition, string id) => labelOf(definition, id);

        private static string Describe(GeoPoint p) =>
            string.Create(CultureInfo.InvariantCulture, $"the point at latitude {p.Lat:0.######}, longitude {p.Lon:0.######}");
    }
}
