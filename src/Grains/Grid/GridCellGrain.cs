using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartCity.Grains.City;
using SmartCity.Grains.Facilities;
using SmartCity.Grains.Geo;
using SmartCity.Grains.Persistence;

namespace SmartCity.Grains.Grid;

/// <summary>
/// Holds the live status of a cell's members as they push it, and pushes the cell's summary to its
/// district: soon after a change, and again whenever time alone changes it (a sensor falls silent,
/// a facility opens or closes). No polling of members.
/// </summary>
public sealed class GridCellGrain(
    [PersistentState("gridcell", StorageNames.Twin)] IPersistentState<GridCellState> state,
    CityMap city,
    CityClock clock,
    IOptions<TwinOptions> options,
    ILogger<GridCellGrain> logger) : Grain, IGridCellGrain
{
    // Time-driven refreshes further out than this are re-planned: the city clock may be moved.
    private static readonly TimeSpan LongestRefreshWait = TimeSpan.FromMinutes(10);

    private GridCellDefinition _cell = null!;
    private CellLiveState _live = null!;
    private WriteBehind<GridCellState> _writeBehind = null!;
    private IGrainTimer? _refreshTimer;
    private bool _summaryPushPending;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string id = this.GetPrimaryKeyString();
        _cell = city.GridCell(id) ?? throw new InvalidOperationException($"No grid cell '{id}' in the city.");
        _live = new CellLiveState(_cell, city.MembersOf(id), state.State.Members, options.Value.SensorSilenceLimit, city.LocalTime);
        _writeBehind = new WriteBehind<GridCellState>(this, state, options.Value.WriteBehindInterval, logger);
        ScheduleSummaryPush();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writeBehind.FlushAsync();

    public Task<GridCellView> GetAsync() => Task.FromResult(new GridCellView(
        _cell.Id, _cell.Name, _cell.DistrictId, _cell.Community, _cell.OfficialId,
        _cell.Boundary.Ring, city.NeighboursOf(_cell.Id), _live.Summarize(clock.Now)));

    public Task<LiveSummary> GetSummaryAsync() => Task.FromResult(_live.Summarize(clock.Now));

    public Task MembersChangedAsync(MemberUpdate[] updates)
    {
        bool changed = false;
        foreach (var update in updates)
        {
            if (city.KindOf(update.MemberId) is not (EntityKind.ParkingBay or EntityKind.CarPark or EntityKind.Facility)
                || city.GridCellOf(update.MemberId) != _cell.Id)
            {
                logger.LogWarning("Cell {Cell} ignored news of {Member}, which is not one of its members", _cell.Id, update.MemberId);
                continue;
            }
            changed |= _live.Apply(update);
        }
        if (changed)
        {
            _writeBehind.MarkChanged();
            ScheduleSummaryPush();
        }
        return Task.CompletedTask;
    }

    public Task<ParkingMatch[]> FindParkingAsync(GeoPoint point, double radiusMeters, int limit) =>
        Task.FromResult(_live.FindParking(point, radiusMeters, limit, clock.Now));

    public Task<FacilityMatch[]> FindFacilitiesAsync(GeoPoint point, double radiusMeters, FacilityKind? kind, bool openNowOnly, int limit) =>
        Task.FromResult(_live.FindFacilities(point, radiusMeters, kind, openNowOnly, limit, clock.Now));

    private void ScheduleSummaryPush()
    {
        if (_summaryPushPending) return;
        _summaryPushPending = true;
        Arm(options.Value.SummaryPushDelay);
    }

    private Task PushSummaryAsync()
    {
        _summaryPushPending = false;
        var now = clock.Now;
        GrainFactory.GetGrain<IDistrictGrain>(_cell.DistrictId).CellSummaryChangedAsync(_cell.Id, _live.Summarize(now)).Ignore();
        // Sleep until time alone changes the summary; a change pushed by a member re-arms sooner.
        var wait = _live.TimeUntilTimeDrivenChange(now) ?? LongestRefreshWait;
        Arm(TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromSeconds(1).Ticks, LongestRefreshWait.Ticks)));
        return Task.CompletedTask;
    }

    private void Arm(TimeSpan due)
    {
        if (_refreshTimer is null)
        {
            // KeepAlive: a cell waiting for a time-driven change must not be collected before it comes.
            _refreshTimer = this.RegisterGrainTimer(
                _ => PushSummaryAsync(),
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _refreshTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
