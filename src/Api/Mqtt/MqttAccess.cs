using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using SmartCity.Api.Readings;
using SmartCity.Api.Security;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// Who is connected to the embedded broker: the twin's own subscriber, or a sensor (or admin) holding one of
/// the twin's keys. <paramref name="Holder"/> is null for the twin.
/// </summary>
public sealed record MqttSender(string Name, ClaimsPrincipal? Holder)
{
    public bool IsTwin => Holder is null;
}

/// <summary>Whether a client may connect, and if not the CONNACK reason and why (for the log; never the key).</summary>
public sealed record MqttConnectVerdict(MqttSender? Sender, MqttConnectReasonCode Refusal, string Why)
{
    public static MqttConnectVerdict Accepted(MqttSender sender) => new(sender, MqttConnectReasonCode.Success, "");

    public static MqttConnectVerdict Refused(MqttConnectReasonCode refusal, string why) => new(null, refusal, why);
}

/// <summary>
/// The embedded broker's rules, the same as HTTP ingest's: a sensor connects with its API key as the
/// password, checked by <see cref="TokenIssuer"/> (signature, expiry, revocation) for the role sensor or
/// admin; it publishes readings only for the entities its key names; it subscribes only to its own answer
/// topics. The twin's subscriber proves itself with a secret made fresh in each process, so there is no
/// password anyone could know in advance.
/// </summary>
public sealed class MqttAccess(TokenIssuer issuer, MqttTopics topics)
{
    /// <summary>The user name the twin's own subscriber gives; only the password counts.</summary>
    public const string TwinUserName = "smartcity-twin";

    /// <summary>First level of the topics a sensor may subscribe to for the MQTT 5 answers to its own readings.</summary>
    public const string AnswersRoot = "answers";

    private readonly byte[] _twinSecret = RandomNumberGenerator.GetBytes(32);

    /// <summary>What the twin's subscriber sends as its password at the embedded broker.</summary>
    public string TwinPassword => Convert.ToBase64String(_twinSecret);

    public async Task<MqttConnectVerdict> CheckConnectAsync(string password)
    {
        if (password.Length == 0) return MqttConnectVerdict.Refused(MqttConnectReasonCode.BadUserNameOrPassword, "no key given as the password");
        // Compared in constant time so a wrong guess takes as long as a near miss.
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(TwinPassword)))
        {
            return MqttConnectVerdict.Accepted(new MqttSender(TwinUserName, null));
        }
        var (holder, failure) = await issuer.CheckAsync(password);
        if (holder is null) return MqttConnectVerdict.Refused(MqttConnectReasonCode.BadUserNameOrPassword, failure ?? "the key is not valid here");
        // The same roles POST /api/readings allows.
        if (!holder.IsInRole(Roles.Sensor) && !holder.IsAdmin())
        {
            return MqttConnectVerdict.Refused(MqttConnectReasonCode.NotAuthorized, $"'{holder.Subject()}' holds neither the role sensor nor admin");
        }
        return MqttConnectVerdict.Accepted(new MqttSender(holder.Subject() ?? "", holder));
    }

    /// <summary>
    /// Whether this message may reach the twin. A sensor publishes on reading topics only; on an entity's
    /// topic that entity, on the batch topic every entity its readings name, must be one its key may write.
    /// </summary>
    /// <returns>Null when allowed, else why not (for the log).</returns>
    public string? PublishRefusal(MqttSender sender, string topic, ReadOnlySequence<byte> payload)
    {
        if (sender.Holder is not { } holder) return null;
        if (!IsReadingTopic(topic)) return "not a reading topic";
        var address = topics.Parse(topic);
        // A topic naming no entity writes nothing: the twin rejects it and says why.
        if (address.Problem is not null) return null;
        if (!address.IsBatch) return holder.MaySendReadingsFor(address.EntityId!) ? null : $"the key may not send readings for '{address.EntityId}'";
        if (holder.IsAdmin()) return null;
        foreach (string entityId in EntitiesNamedIn(payload))
        {
            if (!holder.MaySendReadingsFor(entityId)) return $"the batch names '{MqttTopics.ForLog(entityId, 60)}', which the key may not send readings for";
        }
        return null;
    }

    /// <summary>The twin subscribes to the reading topics; a sensor only to answers/{its key's subject}/..., never to others' readings.</summary>
    public static bool MaySubscribe(MqttSender sender, string topicFilter)
    {
        if (sender.IsTwin) return true;
        return AnswersPrefix(sender) is { } own && topicFilter.StartsWith(own, StringComparison.Ordinal);
    }

    /// <summary>A response topic the twin may answer a sensor on: one only that sensor may subscribe to.</summary>
    public static bool MayBeAnsweredOn(MqttSender sender, string responseTopic) =>
        sender.IsTwin || AnswersPrefix(sender) is { } own && responseTopic.StartsWith(own, StringComparison.Ordinal)
            && responseTopic.IndexOfAny(['+', '#']) < 0;

    /// <summary>answers/{subject}/, or null for a subject that cannot be one topic level.</summary>
    public static string? AnswersPrefix(MqttSender sender) =>
        sender.Name.Length > 0 && sender.Name.IndexOfAny(['/', '+', '#']) < 0 ? $"{AnswersRoot}/{sender.Name}/" : null;

    private bool IsReadingTopic(string topic) =>
        topics.Filters.Any(filter => MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch);

    /// <summary>
    /// The entityId of every reading in a batch, read exactly as <see cref="ReadingValidator"/> reads it
    /// (same parser, same depth limit); a payload it cannot read names none, and the twin rejects it whole.
    /// </summary>
    private static List<string> EntitiesNamedIn(ReadOnlySequence<byte> payload)
    {
        var named = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MqttReadingHandler.MaxJsonDepth });
            if (!ReadingBatch.TryGetItems(document.RootElement, out var items, out _)) return named;
            foreach (var item in items)
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("entityId", out var entityId) && entityId.ValueKind == JsonValueKind.String)
                {
                    named.Add(entityId.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
        }
        return named;
    }
}
