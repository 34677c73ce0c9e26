using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Cluster;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Tests.Cluster;

public sealed class ClusterStoreSqliteTests() : ClusterStoreTests(StorageProvider.Sqlite);

public sealed class ClusterStorePostgresTests() : ClusterStoreTests(StorageProvider.Postgres);

/// <summary>The stores two nodes share, on both engines: liveness, leases, and work claimed by one node and handed back when it dies.</summary>
public abstract class ClusterStoreTests : IDisposable
{
    private readonly TestDatabase _store;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ServiceNode _first;
    private readonly ServiceNode _second;

    protected ClusterStoreTests(StorageProvider provider)
    {
        _store = new TestDatabase(provider);
        var clustered = provider == StorageProvider.Postgres;
        _first = new ServiceNode("host-101-aaaa", "host", 101, clustered);
        _second = new ServiceNode("host-102-bbbb", "host", 102, clustered);
    }

    private ReportForgeDatabase Database => _store.Database;

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Lease_is_held_by_one_node_renewed_by_it_and_taken_by_another_only_once_expired()
    {
        await MigrateAsync();
        var leases = new LeaseStore(Database, _clock);
        var term = TimeSpan.FromSeconds(30);

        Assert.True(await leases.TryHoldAsync("collectors", _first.Id, term, CancellationToken.None));
        Assert.False(await leases.TryHoldAsync("collectors", _second.Id, term, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await leases.TryHoldAsync("collectors", _first.Id, term, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(20));
        // Renewed 20 s ago for 30 s: still the first node's.
        Assert.False(await leases.TryHoldAsync("collectors", _second.Id, term, CancellationToken.None));
        var held = await leases.FindAsync("collectors", CancellationToken.None);
        Assert.Equal((_first.Id, _clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds()), (held!.Holder, held.ExpiresAt));

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await leases.TryHoldAsync("collectors", _second.Id, term, CancellationToken.None));
        Assert.False(await leases.TryHoldAsync("collectors", _first.Id, term, CancellationToken.None));
        var taken = await leases.FindAsync("collectors", CancellationToken.None);
        Assert.Equal((_second.Id, _clock.GetUtcNow().ToUnixTimeMilliseconds()), (taken!.Holder, taken.AcquiredAt));

        // Released on a clean stop: free at once, and only its holder can release it.
        await leases.ReleaseAsync("collectors", _first.Id, CancellationToken.None);
        Assert.NotNull(await leases.FindAsync("collectors", CancellationToken.None));
        await leases.ReleaseAsync("collectors", _second.Id, CancellationToken.None);
        Assert.True(await leases.TryHoldAsync("collectors", _first.Id, term, CancellationToken.None));
    }

    [Fact]
    public async Task Silent_node_expires_while_one_that_beats_stays_and_a_node_taken_for_dead_rejoins()
    {
        await MigrateAsync();
        var nodes = new NodeStore(Database, _clock);
        await nodes.JoinAsync(_first, CancellationToken.None);
        await nodes.JoinAsync(_second, CancellationToken.None);
        Assert.Equal(
            _store.Provider == StorageProvider.Postgres ? [_first.Id, _second.Id] : [_second.Id],
            (await nodes.AliveAsync(CancellationToken.None)).Select(n => n.Id).Order(StringComparer.Ordinal).ToArray());
        if (_store.Provider == StorageProvider.Sqlite)
        {
            // One node at a time on SQLite: the newcomer is the node, the one before it is gone.
            return;
        }

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await nodes.BeatAsync(_second, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal([_first.Id], await nodes.ExpireAsync(_second, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal([_second.Id], (await nodes.AliveAsync(CancellationToken.None)).Select(n => n.Id).ToArray());

        Assert.False(await nodes.BeatAsync(_first, CancellationToken.None));
        Assert.Equal(2, (await nodes.AliveAsync(CancellationToken.None)).Count);
        await nodes.LeaveAsync(_first, CancellationToken.None);
        Assert.Equal([_second.Id], (await nodes.AliveAsync(CancellationToken.None)).Select(n => n.Id).ToArray());
    }

    [Fact]
    public async Task Delivery_is_claimed_by_one_node_and_only_a_dead_nodes_claims_are_handed_back()
    {
        await MigrateAsync();
        var nodes = new NodeStore(Database, _clock);
        var firstDeliveries = new DeliveryStore(Database, _first, _clock);
        var secondDeliveries = new DeliveryStore(Database, _second, _clock);
        await nodes.JoinAsync(_first, CancellationToken.None);
        var webhook = await firstDeliveries.PlanAsync(Delivery("webhook", "https://desk.example/hook"), CancellationToken.None);
        var email = await firstDeliveries.PlanAsync(Delivery("email", "desk@example.com"), CancellationToken.None);
        Assert.Equal(webhook, await secondDeliveries.PlanAsync(Delivery("webhook", "https://desk.example/hook"), CancellationToken.None));

        Assert.True(await firstDeliveries.TryClaimAsync(webhook, CancellationToken.None));
        Assert.False(await secondDeliveries.TryClaimAsync(webhook, CancellationToken.None));
        Assert.True(await firstDeliveries.TryClaimAsync(email, CancellationToken.None));
        await firstDeliveries.MarkCommittingAsync(email, CancellationToken.None);

        // The claiming node is alive: nothing of its work is touched.
        Assert.Equal(0, await secondDeliveries.RecoverAsync(CancellationToken.None));
        Assert.Equal("sending", (await secondDeliveries.FindAsync(webhook, CancellationToken.None))!.Status);

        // It leaves (or is expired): the webhook goes back to the queue, the email past end-of-data is not sent again.
        await nodes.LeaveAsync(_first, CancellationToken.None);
        await nodes.JoinAsync(_second, CancellationToken.None);
        Assert.Equal(2, await secondDeliveries.RecoverAsync(CancellationToken.None));
        Assert.Equal("pending", (await secondDeliveries.FindAsync(webhook, CancellationToken.None))!.Status);
        Assert.Equal("uncertain", (await secondDeliveries.FindAsync(email, CancellationToken.None))!.Status);
        Assert.True(await secondDeliveries.TryClaimAsync(webhook, CancellationToken.None));
        Assert.Equal(_second.Id, await ClaimantAsync("deliveries", webhook));
    }

    [Fact]
    public async Task Brief_job_is_claimed_once_and_a_recovery_may_take_it_back_from_a_dead_run()
    {
        await MigrateAsync();
        var first = new BriefJobStore(Database, _first, _clock);
        var second = new BriefJobStore(Database, _second, _clock);
        var job = new BriefJob { Id = "job-1", WindowStart = 0, WindowEnd = 86_400_000, CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds() };
        await first.InsertAsync(job, CancellationToken.None);
        Assert.Equal(1, await second.CountOutstandingAsync(CancellationToken.None));

        Assert.True(await first.TryClaimAsync(job.Id, recovering: false, CancellationToken.None));
        Assert.False(await second.TryClaimAsync(job.Id, recovering: false, CancellationToken.None));
        Assert.True(await second.TryClaimAsync(job.Id, recovering: true, CancellationToken.None));
        Assert.Equal(_second.Id, await ClaimantAsync("brief_jobs", job.Id));

        await second.MarkDoneAsync(job.Id, "report-1", CancellationToken.None);
        Assert.False(await first.TryClaimAsync(job.Id, recovering: true, CancellationToken.None));
        Assert.Equal(0, await first.CountOutstandingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Run_of_a_dead_node_is_closed_and_the_brief_it_archived_is_found_for_the_same_firing()
    {
        await MigrateAsync();
        var nodes = new NodeStore(Database, _clock);
        await nodes.JoinAsync(_first, CancellationToken.None);
        var firstRuns = new ScheduleRunStore(Database, _first, _clock);
        var secondRuns = new ScheduleRunStore(Database, _second, _clock);
        var due = DateTimeOffset.Parse("2026-11-22T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var run = await firstRuns.StartAsync("desk", "fire-1", due, 0, "schedule", CancellationToken.None);
        Assert.Null(await secondRuns.ReportOfFiringAsync("desk", due, CancellationToken.None));
        await firstRuns.AttachReportAsync(run, "report-1", CancellationToken.None);

        Assert.Equal(0, await secondRuns.MarkInterruptedAsync(CancellationToken.None));
        await nodes.LeaveAsync(_first, CancellationToken.None);
        await nodes.JoinAsync(_second, CancellationToken.None);
        Assert.Equal(1, await secondRuns.MarkInterruptedAsync(CancellationToken.None));

        Assert.Equal("report-1", await secondRuns.ReportOfFiringAsync("desk", due, CancellationToken.None));
        Assert.Null(await secondRuns.ReportOfFiringAsync("desk", due.AddDays(1), CancellationToken.None));
        var recorded = Assert.Single(await secondRuns.ForScheduleAsync("desk", 10, CancellationToken.None));
        Assert.Equal(("interrupted", _first.Id), (recorded.Outcome, recorded.NodeId));
    }

    private static DeliveryRecord Delivery(string channel, string recipient) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ReportId = "report-1",
        SubscriptionId = "desk",
        Channel = channel,
        Recipient = recipient,
    };

    private async Task MigrateAsync() => await new SchemaMigrator(Database, _clock).MigrateAsync(CancellationToken.None);

    private async Task<string?> ClaimantAsync(string table, string id)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>($"SELECT claimed_by FROM {table} WHERE id = @id", new { id });
    }
}
