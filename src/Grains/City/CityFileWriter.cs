using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using SmartCity.Grains.Geo;

namespace SmartCity.Grains.City;

/// <summary>Writes the GeoJSON city format that <see cref="CityFileReader"/> reads back.</summary>
internal static class CityFileWriter
{
    // Relaxed escaping keeps Chinese names and "Yan'an Road" readable; the file is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(CityDefinition city, Stream output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, Options);

        // The collection's opening is written unfinished and each feature by itself, so every
        // feature sits on a line of its own.
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteString("name", city.Name);
        json.WriteString("timeZone", city.TimeZoneId);
        json.WriteStartArray("features");
        json.Flush();
        output.Write(buffer.WrittenSpan);

        bool first = true;
        void WriteEach<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> writeFeature)
        {
            foreach (var item in items)
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                writeFeature(json, item);
                json.Flush();
                output.Write(first ? "\n"u8 : ",\n"u8);
                output.Write(buffer.WrittenSpan);
                first = false;
            }
        }

        WriteEach(city.Districts, WriteDistrict);
        WriteEach(city.Officials, WriteOfficial);
        WriteEach(city.GridCells, WriteGridCell);
        WriteEach(city.CarParks, WriteCarPark);
        WriteEach(city.Facilities, WriteFacility);
        WriteEach(city.ParkingBays, WriteParkingBay);
        output.Write("\n]}\n"u8);
        output.Flush();
    }

    private static void WriteDistrict(Utf8JsonWriter json, DistrictDefinition district)
    {
        StartFeature(json, district.Id);
        json.WriteNull("geometry");
        StartProperties(json, CityFeatureKind.District);
        json.WriteString("name", district.Name);
        EndFeature(json);
    }

    private static void WriteOfficial(Utf8JsonWriter json, OfficialDefinition official)
    {
        StartFeature(json, official.Id);
        json.WriteNull("geometry");
        StartProperties(json, CityFeatureKind.Official);
        json.WriteString("name", official.Name);
        json.WriteString("role", CityFile.CamelCaseName(official.Role));
        json.WriteString("supervisor", official.SupervisorId);
        EndFeature(json);
    }

    private static void WriteGridCell(Utf8JsonWriter json, GridCellDefinition cell)
    {
        StartFeature(json, cell.Id);
        json.WriteStartObject("geometry");
        json.WriteString("type", "Polygon");
        json.WriteStartArray("coordinates");
        json.WriteStartArray();
        // RFC 7946 §3.1.6: a linear ring is closed, its last position repeating the first.
        foreach (var corner in cell.Boundary.Ring.Append(cell.Boundary.Ring[0])) WritePosition(json, corner);
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteEndObject();
        StartProperties(json, CityFeatureKind.GridCell);
        json.WriteString("name", cell.Name);
        json.WriteString("district", cell.DistrictId);
        json.WriteString("community", cell.Community);
        json.WriteNumber("households", cell.Households);
        json.WriteNumber("residents", cell.Residents);
        json.WriteNumber("migrants", cell.Migrants);
        json.WriteString("official", cell.OfficialId);
        EndFeature(json);
    }

    private static void WriteParkingBay(Utf8JsonWriter json, ParkingBayDefinition bay)
    {
        StartFeature(json, bay.Id);
        WritePoint(json, bay.Location);
        StartProperties(json, CityFeatureKind.ParkingBay);
        json.WriteString("street", bay.Street);
        EndFeature(json);
    }

    private static void WriteCarPark(Utf8JsonWriter json, CarParkDefinition carPark)
    {
        StartFeature(json, carPark.Id);
        WritePoint(json, carPark.Location);
        StartProperties(json, CityFeatureKind.CarPark);
        json.WriteString("name", carPark.Name);
        json.WriteNumber("capacity", carPark.Capacity);
        EndFeature(json);
    }

    private static void WriteFacility(Utf8JsonWriter json, FacilityDefinition facility)
    {
        StartFeature(json, facility.Id);
        WritePoint(json, facility.Location);
        StartProperties(json, CityFeatureKind.Facility);
        json.WriteString("name", facility.Name);
        json.WriteString("facilityKind", CityFile.CamelCaseName(facility.Kind));
        json.WriteNumber("capacity", facility.Capacity);
        json.WriteString("openingHours", facility.OpeningHours.Text);
        json.WriteBoolean("hasSensor", facility.HasSensor);
        EndFeature(json);
    }

    private static void StartFeature(Utf8JsonWriter json, string id)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteString("id", id);
    }

    private static void StartProperties(Utf8JsonWriter json, string kind)
    {
        json.WriteStartObject("properties");
        json.WriteString("kind", kind);
    }

    private static void EndFeature(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, GeoPoint point)
    {
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WritePropertyName("coordinates");
        WritePosition(json, point);
        json.WriteEndObject();
    }

    // RFC 7946 §3.1.1: longitude first, then latitude.
    private static void WritePosition(Utf8JsonWriter json, GeoPoint point)
    {
        json.WriteStartArray();
        json.WriteNumberValue(point.Lon);
        json.WriteNumberValue(point.Lat);
        json.WriteEndArray();
    }
}
