using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SmartCity.Api.Readings;

namespace SmartCity.Api.Mqtt;

/// <summary>
/// Subscribes the twin to the reading topics, on the embedded broker or an external one, and keeps it
/// subscribed: a lost or unreachable broker is retried with a growing delay. No message, however
/// malformed, stops it; a message carrying an MQTT 5 response topic gets the same answer HTTP gives.
/// </summary>
public sealed class MqttIngestService(
    IOptions<MqttOptions> options,
    MqttTopics topics,
    MqttReadingHandler handler,
    EmbeddedMqttBroker broker,
    MqttAccess access,
    IHostApplicationLifetime lifetime,
    ILogger<MqttIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    /// <summary>How long the broker keeps the twin's subscription and queued QoS 1 readings while it is away.</summary>
    private const uint SessionExpirySeconds = 3600;

    private static readonly JsonSerializerOptions AnswerJson = CreateAnswerJson();

    private volatile TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _subscribed;

    /// <summary>Connected to the broker and subscribed to every reading topic.</summary>
    public bool IsSubscribed => _subscribed;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        if (options.Value.UsesEmbeddedBroker)
        {
            if (!string.IsNullOrEmpty(options.Value.Username))
            {
                logger.LogWarning("MQTT: Mqtt:Username and Mqtt:Password are for an external broker; the embedded one takes the twin's API keys (docs/security.md)");
            }
            if (!await broker.TryStartAsync()) return;
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await broker.StopAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services stop in reverse order, the silo before this one: stop taking readings as soon as the twin begins to stop.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await SubscribeUntilStoppedAsync(stopping.Token);
    }

    private async Task SubscribeUntilStoppedAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Readings need the silo: subscribe once every hosted service, the silo among them, has started.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(started.SetResult))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            using var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += message => OnMessageAsync(client, message, stoppingToken);
            client.DisconnectedAsync += _ =>
            {
                _subscribed = false;
                _lost.TrySetResult();
                return Task.CompletedTask;
            };
            await StayConnectedAsync(client, stoppingToken);
            await DisconnectAsync(client);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // A hosted service that throws would stop the whole twin; MQTT alone stops instead.
            _subscribed = false;
            logger.LogError(error, "MQTT: the subscriber stopped; no readings arrive over MQTT until the twin restarts");
        }
    }

    private async Task StayConnectedAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        var connectOptions = ConnectOptions();
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await client.ConnectAsync(connectOptions, stoppingToken);
                await SubscribeAsync(client, stoppingToken);
                long since = Stopwatch.GetTimestamp();
                await _lost.Task.WaitAsync(stoppingToken);
                logger.LogWarning("MQTT: lost the broker at {Broker}; reconnecting", BrokerName);
                // A connection that lasted starts the next wait short again; one that keeps dropping at once does not.
                if (Stopwatch.GetElapsedTime(since) > LongestRetry) retry = FirstRetry;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning("MQTT: cannot subscribe at the broker at {Broker} ({Reason}); retrying in {Delay}", BrokerName, error.Message, retry);
            }
            await Task.Delay(retry, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private async Task DisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected) return;
        try
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception error)
        {
            logger.LogWarning("MQTT: leaving the broker at {Broker} failed: {Reason}", BrokerName, error.Message);
        }
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken cancellation)
    {
        var subscription = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in topics.Filters) subscription.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        var granted = await client.SubscribeAsync(subscription.Build(), cancellation);
        if (granted.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellation);
            throw new MqttCommunicationException($"the broker refused {refused.TopicFilter.Topic}: {refused.ResultCode}");
        }
        _subscribed = true;
        logger.LogInformation("MQTT: subscribed to {Filters} at {Broker} as {ClientId}", string.Join(", ", topics.Filters), BrokerName, options.Value.ClientId);
    }

    private async Task OnMessageAsync(IMqttClient client, MqttApplicationMessageReceivedEventArgs received, CancellationToken stoppingToken)
    {
        var message = received.ApplicationMessage;
        try
        {
            object answer = await handler.HandleAsync(message.Topic, message.Payload);
            if (!string.IsNullOrEmpty(message.ResponseTopic)) await ReplyAsync(client, message, answer, stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong with this message, the next one is handled as usual.
            logger.LogError(error, "MQTT: a message on {Topic} could not be handled", MqttTopics.ForLog(message.Topic));
        }
    }

    private async Task ReplyAsync(IMqttClient client, MqttApplicationMessage message, object answer, CancellationToken cancellation)
    {
        // Answering onto a reading topic would feed the answer back in as a reading.
        string responseTopic = message.ResponseTopic;
        if (responseTopic.IndexOfAny(['+', '#']) >= 0
            || topics.Filters.Any(filter => MqttTopicFilterComparer.Compare(responseTopic, filter) == MqttTopicFilterCompareResult.IsMatch))
        {
            logger.LogWarning("MQTT: not answering on '{ResponseTopic}': it is not a topic the twin may publish answers to", MqttTopics.ForLog(responseTopic));
            return;
        }
        var reply = new MqttApplicationMessageBuilder()
            .WithTopic(responseTopic)
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), AnswerJson))
            .WithContentType("application/json")
            .WithCorrelationData(message.CorrelationData)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        await client.PublishAsync(reply, cancellation);
    }

    private MqttClientOptions ConnectOptions()
    {
        var settings = options.Value;
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(settings.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(SessionExpirySeconds)
            // A broker must drop, not send, a packet above this (MQTT 5.0 section 3.1.2.11.4): no more than the largest batch the twin takes.
            .WithMaximumPacketSize((uint)ReadingsEndpoints.MaxBodyBytes + 64 * 1024)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (broker.LocalEndPoint is { } embedded)
        {
            // The embedded broker knows the twin by this process's own secret (MqttAccess).
            return builder.WithEndPoint(embedded).WithCredentials(MqttAccess.TwinUserName, access.TwinPassword).Build();
        }
        builder = builder.WithTcpServer(settings.BrokerHost, settings.BrokerPort);
        if (!string.IsNullOrEmpty(settings.Username)) builder = builder.WithCredentials(settings.Username, settings.Password);
        return builder.Build();
    }

    private string BrokerName => broker.LocalEndPoint?.ToString() ?? $"{options.Value.BrokerHost}:{options.Value.BrokerPort}";

    private static JsonSerializerOptions CreateAnswerJson()
    {
        // As the HTTP API writes JSON (ASP.NET Core's defaults), so both answers read the same.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        JsonNames.Configure(json);
        return json;
    }
}
