using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;

namespace SmartCity.Api.Mqtt;

/// <summary>Registers MQTT ingest: the options, the embedded broker and the subscriber that starts with the twin.</summary>
public static class MqttServices
{
    public static IServiceCollection AddMqttIngest(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.Section)
            .Validate(o => !o.Enabled || IsTopicPrefix(o.TopicPrefix), "Mqtt:TopicPrefix must be one or more topic levels without '+', '#' or a leading or trailing '/'.")
            .Validate(o => !o.Enabled || IPAddress.TryParse(o.EmbeddedAddress, out _), "Mqtt:EmbeddedAddress must be an IP address, e.g. 127.0.0.1.")
            .Validate(o => !o.Enabled || o.EmbeddedPort is >= 0 and <= 65535, "Mqtt:EmbeddedPort must be 0 (any free port) to 65535.")
            .Validate(o => !o.Enabled || o.BrokerPort is > 0 and <= 65535, "Mqtt:BrokerPort must be 1 to 65535.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId), "Mqtt:ClientId must not be empty.")
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<MqttIngestMetrics>();
        services.AddSingleton(sp => new MqttTopics(sp.GetRequiredService<CityMap>(), sp.GetRequiredService<IOptions<MqttOptions>>().Value.TopicPrefix));
        services.AddSingleton<MqttReadingHandler>();
        services.AddSingleton<MqttAccess>();
        services.AddSingleton<MqttPublishLimits>();
        services.AddSingleton<EmbeddedMqttBroker>();
        services.AddSingleton<MqttIngestService>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttIngestService>());
        return services;
    }

    private static bool IsTopicPrefix(string prefix) =>
        !string.IsNullOrWhiteSpace(prefix) && prefix.IndexOfAny(['+', '#']) < 0 && !prefix.StartsWith('/') && !prefix.EndsWith('/');
}
