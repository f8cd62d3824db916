using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartCity.Api.Readings;

namespace SmartCity.Api.Tests.Readings;

[Collection(SharedTwin.Name)]
public sealed class ReadingsEndpointTests(TwinFixture twin)
{
    [Fact]
    public async Task Batch_applies_every_reading_and_reports_each_as_applied()
    {
        var (free, occupied, numeric) = (twin.TakeBay().Id, twin.TakeBay().Id, twin.TakeBay().Id);

        using var response = await PostAsync(new[]
        {
            BayReading(free, "free", twin.SecondsAgo(5)),
            BayReading(occupied, true, twin.SecondsAgo(5)),
            BayReading(numeric, 1, twin.SecondsAgo(5)),
        });

        var body = await OkAsync(response);
        Assert.Equal((3, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Equal(["applied", "applied", "applied"], Statuses(body));
        Assert.Equal([0, 1, 2], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal("free", await BayStatusAsync(free));
        Assert.Equal("occupied", await BayStatusAsync(occupied));
        Assert.Equal("occupied", await BayStatusAsync(numeric));
    }

    [Theory]
    [InlineData("true", "occupied")]
    [InlineData("false", "free")]
    [InlineData("1", "occupied")]
    [InlineData("0", "free")]
    [InlineData("\"occupied\"", "occupied")]
    [InlineData("\"free\"", "free")]
    public async Task Bay_occupancy_may_be_a_flag_a_digit_or_a_word(string value, string status)
    {
        string bay = twin.TakeBay().Id;

        using var response = await PostJsonAsync(
            $$"""{"readingId":"{{TwinFixture.NewReadingId()}}","entityId":"{{bay}}","type":"occupancy","value":{{value}},"observedAt":"{{twin.SecondsAgo(1)}}"}""");

        await OkAsync(response);
        Assert.Equal(status, await BayStatusAsync(bay));
    }

    [Fact]
    public async Task Repeated_reading_id_is_a_duplicate_and_is_applied_once()
    {
        string bay = twin.TakeBay().Id, repeated = TwinFixture.NewReadingId();
        var first = BayReading(bay, "occupied", twin.SecondsAgo(20), repeated);

        using var sameBatch = await PostAsync(new[] { first, first });
        Assert.Equal(["applied", "duplicate"], Statuses(await OkAsync(sameBatch)));

        using var newer = await PostAsync(new[] { BayReading(bay, "free", twin.SecondsAgo(10)) });
        await OkAsync(newer);
        using var again = await PostAsync(new[] { first });

        Assert.Equal(["duplicate"], Statuses(await OkAsync(again)));
        var view = await BayAsync(bay);
        Assert.Equal("free", view.GetProperty("status").GetString());
        Assert.Equal(twin.Now.AddSeconds(-10), view.GetProperty("statusSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task Older_reading_is_outdated_and_does_not_overwrite_the_newer_one()
    {
        string bay = twin.TakeBay().Id;
        using var newer = await PostAsync(new[] { BayReading(bay, "occupied", twin.SecondsAgo(5)) });
        await OkAsync(newer);

        using var older = await PostAsync(new[] { BayReading(bay, "free", twin.SecondsAgo(60)) });

        Assert.Equal(["outdated"], Statuses(await OkAsync(older)));
        var view = await BayAsync(bay);
        Assert.Equal("occupied", view.GetProperty("status").GetString());
        Assert.Equal(twin.Now.AddSeconds(-5), view.GetProperty("statusSince").GetDateTimeOffset());
        Assert.Equal(twin.Now.AddSeconds(-5), view.GetProperty("lastHeardAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Reading_within_two_minutes_of_clock_skew_is_applied()
    {
        string bay = twin.TakeBay().Id;

        using var response = await PostAsync(new[] { BayReading(bay, "free", twin.Stamp(TimeSpan.FromMinutes(1))) });

        Assert.Equal(["applied"], Statuses(await OkAsync(response)));
        Assert.Equal("free", await BayStatusAsync(bay));
    }

    [Fact]
    public async Task Reading_stamped_far_in_the_future_is_rejected_naming_observedAt()
    {
        string bay = twin.TakeBay().Id;

        using var response = await PostAsync(new[] { BayReading(bay, "free", twin.Stamp(TimeSpan.FromHours(1))) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].observedAt");
        Assert.Equal("unknown", await BayStatusAsync(bay));
    }

    [Theory]
    [InlineData("2026-11-25T09:59:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public async Task Observation_time_without_a_zone_or_not_a_time_is_rejected_naming_observedAt(string observedAt)
    {
        using var response = await PostAsync(new[] { BayReading(twin.TakeBay().Id, "free", observedAt) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].observedAt");
    }

    [Fact]
    public async Task Reading_for_an_entity_not_in_the_city_is_rejected_naming_entityId()
    {
        using var response = await PostAsync(new[] { BayReading("bay:NOWHERE-0001-01", "free", twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].entityId");
    }

    [Fact]
    public async Task Count_reading_on_a_bay_is_rejected_naming_type()
    {
        string bay = twin.TakeBay().Id;

        using var response = await PostAsync(new[] { Reading(bay, "count", 1, twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].type");
        Assert.Equal("unknown", await BayStatusAsync(bay));
    }

    [Theory]
    [InlineData("bay:XH-0001-01", "temperature")]
    [InlineData("grid:XH-0001", "occupancy")]
    [InlineData("district:XH", "count")]
    public async Task Reading_of_a_type_the_entity_does_not_take_is_rejected_naming_type(string entityId, string type)
    {
        using var response = await PostAsync(new[] { Reading(entityId, type, 1, twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].type");
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("\"maybe\"")]
    [InlineData("0.5")]
    public async Task Bay_occupancy_other_than_free_or_occupied_is_rejected_naming_value(string value)
    {
        using var response = await PostJsonAsync(
            $$"""[{"readingId":"{{TwinFixture.NewReadingId()}}","entityId":"{{twin.TakeBay().Id}}","type":"occupancy","value":{{value}},"observedAt":"{{twin.SecondsAgo(1)}}"}]""");

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Car_park_count_above_its_capacity_or_negative_is_rejected_naming_value(bool aboveCapacity)
    {
        var carPark = twin.TakeCarPark();
        int count = aboveCapacity ? carPark.Capacity + 1 : -1;

        using var response = await PostAsync(new[] { Reading(carPark.Id, "count", count, twin.SecondsAgo(1)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value");
        Assert.True((await twin.GetAsync($"/api/parking/carparks/{carPark.Id}")).GetProperty("unknown").GetBoolean());
    }

    [Fact]
    public async Task Reading_with_no_fields_names_every_required_one()
    {
        using var response = await PostJsonAsync("[{}]");

        await ProblemAssert.NamesFieldsAsync(
            response, "readings[0].readingId", "readings[0].entityId", "readings[0].type", "readings[0].observedAt");
    }

    [Fact]
    public async Task Reading_id_longer_than_128_characters_is_rejected_naming_readingId()
    {
        using var response = await PostAsync(new[] { BayReading(twin.TakeBay().Id, "free", twin.SecondsAgo(1), new string('r', 129)) });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].readingId");
    }

    [Fact]
    public async Task Reading_that_is_not_an_object_is_rejected_naming_its_position()
    {
        using var response = await PostJsonAsync("[42]");

        await ProblemAssert.NamesFieldsAsync(response, "readings[0]");
    }

    [Theory]
    [InlineData("[{\"readingId\": ")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("42")]
    public async Task Body_that_is_not_json_readings_is_rejected_naming_body(string body)
    {
        using var response = await PostJsonAsync(body);

        await ProblemAssert.NamesFieldsAsync(response, "body");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"readings\":[]}")]
    [InlineData("{\"readings\":{}}")]
    [InlineData("{\"readings\":5}")]
    public async Task Empty_batch_or_readings_that_are_not_a_list_are_rejected_naming_readings(string body)
    {
        using var response = await PostJsonAsync(body);

        await ProblemAssert.NamesFieldsAsync(response, "readings");
    }

    [Fact]
    public async Task Batch_of_more_than_10000_readings_is_rejected_naming_readings()
    {
        using var response = await PostJsonAsync("[" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]");

        await ProblemAssert.NamesFieldsAsync(response, "readings");
    }

    [Fact]
    public async Task Body_larger_than_the_limit_is_refused_with_413_naming_body_and_nothing_changes()
    {
        var bay = twin.TakeBay();
        var padding = new string('x', 2_000);
        var readings = Enumerable.Range(0, 9_000)
            .Select(i => new { readingId = $"big-{i}", entityId = bay.Id, type = "occupancy", value = true, observedAt = TwinFixture.Iso(twin.Now.AddSeconds(-1)), note = padding })
            .ToArray();

        using var response = await PostAsync(readings);

        var body = await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.RequestEntityTooLarge);
        ProblemAssert.AssertNamesFields(body.GetProperty("errors"), "body");
        var view = await twin.Http.GetFromJsonAsync<JsonElement>($"/api/parking/bays/{bay.Id}");
        Assert.Equal("unknown", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_of_exactly_10000_readings_is_accepted()
    {
        var carPark = twin.TakeCarPark();
        var readings = Enumerable.Range(0, 10_000)
            .Select(i => Reading(carPark.Id, "count", i % (carPark.Capacity + 1), TwinFixture.Iso(twin.Now.AddSeconds(-60).AddMilliseconds(i))))
            .ToArray();

        using var response = await PostAsync(readings);

        var body = await OkAsync(response);
        Assert.Equal((10_000, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.All(Statuses(body), status => Assert.Equal("applied", status));
        var view = await twin.GetAsync($"/api/parking/carparks/{carPark.Id}");
        Assert.Equal(9_999 % (carPark.Capacity + 1), view.GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Batch_with_every_reading_rejected_is_a_400_and_changes_nothing()
    {
        string bay = twin.TakeBay().Id;

        using var response = await PostAsync(new[]
        {
            BayReading(bay, "maybe", twin.SecondsAgo(5)),
            Reading(bay, "count", 1, twin.SecondsAgo(5)),
            BayReading(bay, "free", twin.Stamp(TimeSpan.FromHours(2))),
        });

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value", "readings[1].type", "readings[2].observedAt");
        var view = await BayAsync(bay);
        Assert.Equal("unknown", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("lastHeardAt").ValueKind);
    }

    [Fact]
    public async Task Mixed_batch_applies_the_valid_readings_and_rejects_the_bad_one()
    {
        string good = twin.TakeBay().Id, bad = twin.TakeBay().Id, alsoGood = twin.TakeBay().Id;

        using var response = await PostAsync(new[]
        {
            BayReading(good, "free", twin.SecondsAgo(5)),
            BayReading(bad, 7, twin.SecondsAgo(5)),
            BayReading(alsoGood, "occupied", twin.SecondsAgo(5)),
        });

        var body = await OkAsync(response);
        Assert.Equal((2, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Equal(["applied", "rejected", "applied"], Statuses(body));
        ProblemAssert.AssertNamesFields(body.GetProperty("results")[1].GetProperty("errors"), "readings[1].value");
        Assert.Equal("free", await BayStatusAsync(good));
        Assert.Equal("unknown", await BayStatusAsync(bad));
        Assert.Equal("occupied", await BayStatusAsync(alsoGood));
    }

    [Fact]
    public async Task Single_reading_object_is_applied()
    {
        string bay = twin.TakeBay().Id, readingId = TwinFixture.NewReadingId();

        using var response = await PostAsync(BayReading(bay, "occupied", twin.SecondsAgo(3), readingId));

        var result = (await OkAsync(response)).GetProperty("results")[0];
        Assert.Equal(("applied", readingId), (result.GetProperty("status").GetString(), result.GetProperty("readingId").GetString()));
        Assert.Equal("occupied", await BayStatusAsync(bay));
    }

    [Fact]
    public async Task Readings_wrapped_in_an_object_are_applied()
    {
        string first = twin.TakeBay().Id, second = twin.TakeBay().Id;

        using var response = await PostAsync(new
        {
            readings = new[] { BayReading(first, "free", twin.SecondsAgo(3)), BayReading(second, "occupied", twin.SecondsAgo(3)) },
        });

        Assert.Equal(["applied", "applied"], Statuses(await OkAsync(response)));
        Assert.Equal("free", await BayStatusAsync(first));
        Assert.Equal("occupied", await BayStatusAsync(second));
    }

    [Fact]
    public async Task Rejection_of_a_single_reading_object_names_it_as_the_first_reading()
    {
        using var response = await PostAsync(BayReading(twin.TakeBay().Id, "maybe", twin.SecondsAgo(1)));

        await ProblemAssert.NamesFieldsAsync(response, "readings[0].value");
    }

    [Fact]
    public async Task A_full_twin_turns_a_batch_away_with_503_before_reading_it_and_takes_it_once_there_is_room()
    {
        string bay = twin.TakeBay().Id;
        var admission = twin.Services.GetRequiredService<IngestAdmission>();
        var readings = new[] { BayReading(bay, "occupied", twin.SecondsAgo(2)) };

        long shedUnread = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "smartcity.readings.shed.unread") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref shedUnread, value));
        listener.Start();

        HttpResponseMessage unreadable, shed;
        using (admission.TryEnter(admission.Capacity))
        {
            // Not even parsed: malformed JSON gets the same 503 as a good batch, not 400.
            unreadable = await PostJsonAsync("[{ not json");
            shed = await PostAsync(readings);
            Assert.Equal("unknown", await BayStatusAsync(bay));
        }
        using var malformedLater = await PostJsonAsync("[{ not json");
        using var retried = await PostAsync(readings);

        foreach (var response in new[] { unreadable, shed })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            response.Dispose();
        }
        Assert.True(Interlocked.Read(ref shedUnread) >= 2, $"batches counted as shed unread: {shedUnread}");
        Assert.Equal(HttpStatusCode.BadRequest, malformedLater.StatusCode);
        Assert.Equal(["applied"], Statuses(await OkAsync(retried)));
        Assert.Equal("occupied", await BayStatusAsync(bay));
    }

    private Task<HttpResponseMessage> PostAsync<T>(T body) => twin.Http.PostAsJsonAsync("/api/readings", body);

    private async Task<HttpResponseMessage> PostJsonAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await twin.Http.PostAsync(new Uri("/api/readings", UriKind.Relative), content);
    }

    private static object BayReading(string bay, object value, string observedAt, string? readingId = null) =>
        Reading(bay, "occupancy", value, observedAt, readingId);

    private static object Reading(string entityId, string type, object value, string observedAt, string? readingId = null) =>
        TwinFixture.Reading(entityId, type, value, observedAt, readingId);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Statuses(JsonElement body) =>
        [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString() ?? "")];

    private Task<JsonElement> BayAsync(string bay) => twin.GetAsync($"/api/parking/bays/{bay}");

    private async Task<string?> BayStatusAsync(string bay) => (await BayAsync(bay)).GetProperty("status").GetString();
}
