using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;
using Orleans.Configuration;
using SmartCity.Grains.Events;
using SmartCity.Grains.Persistence;
using SmartCity.Grains.Planning;
using SmartCity.Grains.Reports;
using SmartCity.Grains.Tests.Reports;

namespace SmartCity.Grains.Tests.Cluster;

/// <summary>
/// An in-process cluster running the demo city on memory storage. Only the city clock is fake: the
/// Orleans runtime keeps the real clock, since a fake one for the whole silo can hang it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Wednesday 25 November 2026, 10:00 in Hangzhou (UTC+8): every demo facility is open by its hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    public static TimeSpan SilenceLimit { get; } = new TwinOptions().SensorSilenceLimit;

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>City time now.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Twin);
            silo.Services.AddTwin(TestCity.Map, Time);
            silo.Services.AddSingleton(Quiz.TestQuiz.Book);
            silo.Services.Configure<TwinOptions>(o => o.SummaryPushDelay = TimeSpan.FromMilliseconds(100));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IEventLog>(services => new InMemoryEventLog(TimeProvider.System, services.GetRequiredService<EventBroadcast>()));
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddReports(TestReports.Catalog);
            silo.Services.AddPlanning();
            silo.Services.Configure<ReportOptions>(o => o.DeadlineRecheck = TimeSpan.FromSeconds(1));
            silo.AddIncomingGrainCallFilter<BatchPlacements>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Cluster tests that keep the city clock still; they run one after another on one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Shared cluster";
}

/// <summary>Tests that move the city clock get a cluster (and clock) of their own, so other tests never see time jump.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterWithMovingClock : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster with a moving clock";
}
