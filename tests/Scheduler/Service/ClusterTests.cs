using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Delivery.Webhook;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Service;

/// <summary>Several `reportforge serve` processes share one PostgreSQL database: each firing runs on one node, a killed node's work moves to another.</summary>
public sealed class ClusterTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestDatabase _store = new(StorageProvider.Postgres);
    private readonly List<ServiceProcess> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Schedule_due_every_two_seconds_runs_exactly_once_per_due_time_across_three_nodes_for_thirty_firings()
    {
        const int intervalSeconds = 2;
        const int firings = 32;
        await PrepareDatabaseAsync();
        var nodes = await StartNodesAsync(3, new Dictionary<string, string>());
        var cron = string.Create(CultureInfo.InvariantCulture, $"0/{intervalSeconds} * * * * ?");
        (await nodes[0].Client.PostAsJsonAsync("/api/schedules", new { id = "often", cron, timeZone = "UTC" })).EnsureSuccessStatusCode();

        await Task.Delay(TimeSpan.FromSeconds(intervalSeconds * (firings + 1)));
        (await nodes[1].Client.PostAsJsonAsync("/api/schedules/often/pause", new { reason = "test over" })).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(8));

        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        var runs = (await connection.QueryAsync<(long ScheduledFor, long Attempt, string Outcome, string NodeId)>(
            "SELECT scheduled_for, attempt, outcome, node_id FROM schedule_runs WHERE schedule_id = 'often' ORDER BY scheduled_for")).ToList();
        var log = string.Join("\n", nodes.Select(n => n.Log));
        // Every run succeeded at its first attempt, so one row per firing: a due time run by two nodes would show twice.
        Assert.All(runs, r => Assert.Equal(("succeeded", 0L), (r.Outcome, r.Attempt)));
        Assert.True(runs.Count >= 30, $"only {runs.Count} firings ran:\n{log}");
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(0, r.ScheduledFor % (intervalSeconds * 1000)));
        // No due time between the first and the last was skipped.
        Assert.Equal((runs[^1].ScheduledFor - runs[0].ScheduledFor) / (intervalSeconds * 1000) + 1, runs.Count);
        // Each run names a node of the cluster, and every firing archived its brief.
        var nodeIds = runs.Select(r => r.NodeId).Distinct().ToList();
        Assert.All(nodeIds, id => Assert.Contains(nodes, n => id.Contains($"-{n.Pid}-", StringComparison.Ordinal)));
        Assert.Equal(runs.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task Node_killed_mid_run_has_its_firing_recovered_by_another_node_and_the_brief_delivered_once()
    {
        await PrepareDatabaseAsync();
        using var receiver = new WebhookReceiver();
        var nodes = await StartNodesAsync(3, new Dictionary<string, string>
        {
            ["ReportForge__Delivery__PollInterval"] = "00:00:00.300",
            ["ReportForge__Delivery__InitialDelay"] = "00:00:01",
        });
        var client = nodes[0].Client;
        (await client.PostAsJsonAsync("/api/schedules", new { id = "desk", cron = "0/3 * * * * ?", timeZone = "UTC" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/subscriptions", new
        {
            id = "bot", name = "Bot", scheduleId = "desk", webhookSecret = "a-secret-of-sixteen+",
            recipients = new[] { new { channel = "webhook", address = receiver.Url } },
        })).EnsureSuccessStatusCode();

        // Catch a run in progress and kill its node at once; a run that finished before the kill does not count, so try again.
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        (long Id, long ScheduledFor, string NodeId)? killed = null;
        ServiceProcess? victim = null;
        var deadline = Stopwatch.StartNew();
        while (killed is null && deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            var running = (await connection.QueryAsync<(long Id, long ScheduledFor, string NodeId)>(
                "SELECT id, scheduled_for, node_id FROM schedule_runs WHERE schedule_id = 'desk' AND outcome = 'running' ORDER BY id LIMIT 1")).ToList();
            if (running.Count == 1 && running[0] is var run
                && nodes.FirstOrDefault(n => !n.HasExited && run.NodeId.Contains($"-{n.Pid}-", StringComparison.Ordinal)) is { } owner)
            {
                owner.Kill();
                var outcome = await connection.ExecuteScalarAsync<string>("SELECT outcome FROM schedule_runs WHERE id = @Id", new { run.Id });
                if (outcome == "running")
                {
                    (killed, victim) = (run, owner);
                    break;
                }

                nodes.Add(await StartNodeAsync(nodes.Count + 1, new Dictionary<string, string>
                {
                    ["ReportForge__Delivery__PollInterval"] = "00:00:00.300",
                    ["ReportForge__Delivery__InitialDelay"] = "00:00:01",
                }));
            }

            await Task.Delay(10);
        }

        Assert.True(killed is not null, "no run was caught in progress:\n" + string.Join("\n", nodes.Select(n => n.Log)));
        var firing = killed!.Value;

        // Another node runs the same due time again (a Quartz recovery) and succeeds.
        var recovered = await Eventually.ReturnsAsync(
            () => connection.QueryAsync<(string Outcome, string Cause, string NodeId, string? ReportId)>(
                "SELECT outcome, cause, node_id, report_id FROM schedule_runs WHERE schedule_id = 'desk' AND scheduled_for = @ScheduledFor AND id <> @Id",
                new { firing.ScheduledFor, firing.Id }),
            rows => rows.Any(r => r.Outcome == "succeeded"), TimeSpan.FromSeconds(60), "the killed node's firing to be recovered");
        var success = recovered.Single(r => r.Outcome == "succeeded");
        Assert.NotEqual(firing.NodeId, success.NodeId);
        Assert.Equal("recovery", success.Cause);
        // The survivors close the dead node's run in the history.
        await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<string>("SELECT outcome FROM schedule_runs WHERE id = @Id", new { firing.Id }),
            outcome => outcome == "interrupted", TimeSpan.FromSeconds(30), "the killed run to be marked interrupted");

        var survivor = nodes.First(n => !n.HasExited);
        (await survivor.Client.PostAsJsonAsync("/api/schedules/desk/pause", new { reason = "test over" })).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schedule_runs WHERE outcome = 'running'"),
            running => running == 0, TimeSpan.FromSeconds(60), "the last runs to finish");

        var reportIds = (await connection.QueryAsync<string>(
            "SELECT report_id FROM schedule_runs WHERE schedule_id = 'desk' AND outcome = 'succeeded'")).ToHashSet(StringComparer.Ordinal);
        await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'"),
            open => open == 0, TimeSpan.FromSeconds(60), "every delivery to be sent");

        // One delivery per successful firing, each received (a repeat after a crash carries the same Idempotency-Key).
        var deliveries = (await connection.QueryAsync<(string Id, string ReportId)>("SELECT id, report_id FROM deliveries")).ToList();
        Assert.Equal(reportIds.Order(StringComparer.Ordinal), deliveries.Select(d => d.ReportId).Order(StringComparer.Ordinal));
        Assert.Equal(deliveries.Select(d => d.Id).Order(StringComparer.Ordinal), receiver.Keys.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(success.ReportId!, reportIds);
        Assert.True(victim!.HasExited);
    }

    [Fact]
    public async Task Collectors_run_on_one_node_and_their_lease_moves_to_another_within_the_lease_time_when_it_dies()
    {
        await PrepareDatabaseAsync();
        var leaseTime = TimeSpan.FromSeconds(4);
        var heartbeat = TimeSpan.FromMilliseconds(500);
        var settings = new Dictionary<string, string>
        {
            ["Sources__Collectors__Enabled"] = "true",
            ["Sources__Collectors__Binance__Enabled"] = "false",
            ["Sources__Collectors__Okx__Enabled"] = "false",
            ["Sources__Collectors__Bybit__Enabled"] = "true",
            // Nothing listens there: the collector keeps reconnecting, which is all this test needs of it.
            ["Sources__Collectors__Bybit__Url"] = $"ws://127.0.0.1:{FreePort.Next()}/v5/public/linear",
            ["ReportForge__Cluster__CollectorLeaseTime"] = leaseTime.ToString("c", CultureInfo.InvariantCulture),
            ["ReportForge__Cluster__HeartbeatInterval"] = heartbeat.ToString("c", CultureInfo.InvariantCulture),
        };
        var first = await StartNodeAsync(1, settings);
        var holder = await Eventually.ReturnsAsync(() => CollectorHolderAsync(first), h => h is not null, TimeSpan.FromSeconds(30), "a lease holder");
        Assert.Contains($"-{first.Pid}-", holder, StringComparison.Ordinal);
        var second = await StartNodeAsync(2, settings);
        await Task.Delay(heartbeat * 4);
        Assert.Equal(holder, await CollectorHolderAsync(second));
        Assert.DoesNotContain("holds the collectors' lease", second.Log, StringComparison.Ordinal);
        // The dashboard's Data page of each node says which node collects.
        Assert.Contains($"data-lease=\"this\">This node ({holder}) runs the collectors", await DashboardPageAsync(first, "/data"), StringComparison.Ordinal);
        Assert.Contains($"data-lease=\"other\">Node {holder} runs the collectors", await DashboardPageAsync(second, "/data"), StringComparison.Ordinal);

        first.Kill();
        var moving = Stopwatch.StartNew();
        var next = await Eventually.ReturnsAsync(() => CollectorHolderAsync(second), h => h is not null && h != holder, TimeSpan.FromSeconds(30), "the lease to move");
        moving.Stop();

        Assert.Contains($"-{second.Pid}-", next, StringComparison.Ordinal);
        // The dead holder's lease runs out at most leaseTime after its last renewal and the next node looks every heartbeat;
        // the rest is this test's polling of /health on a busy machine.
        Assert.True(moving.Elapsed <= leaseTime + heartbeat * 2 + TimeSpan.FromSeconds(2), $"the lease took {moving.Elapsed} to move");
        await Eventually.ReturnsAsync(() => Task.FromResult(second.Log), log => log.Contains("holds the collectors' lease: starting 1 collector(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the second node to start its collector");
    }

    [Fact]
    public async Task Dashboard_pages_show_the_shared_database_on_a_node_of_the_cluster()
    {
        await PrepareDatabaseAsync();
        var node = await StartNodeAsync(1, new Dictionary<string, string>());
        (await node.Client.PostAsJsonAsync("/api/schedules", new { id = "desk", cron = "0 0 8 * * ?", timeZone = "Europe/London" })).EnsureSuccessStatusCode();
        (await node.Client.PostAsync("/api/schedules/desk/run", null)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(() => node.Client.GetFromJsonAsync<JsonElement>("/api/schedules/desk/runs"),
            r => r.GetArrayLength() == 1 && r[0].GetProperty("outcome").GetString() == "succeeded", TimeSpan.FromSeconds(90), "the run now");

        Assert.Contains("data-schedule", await DashboardPageAsync(node, "/schedules"), StringComparison.Ordinal);
        Assert.Contains("desk", await DashboardPageAsync(node, "/runs"), StringComparison.Ordinal);
        Assert.Contains("/pdf", await DashboardPageAsync(node, "/briefs"), StringComparison.Ordinal);
        Assert.Contains("data-set=\"default\"", await DashboardPageAsync(node, "/templates"), StringComparison.Ordinal);
        Assert.Contains(TestDataset.Source, await DashboardPageAsync(node, "/data"), StringComparison.Ordinal);
    }

    private async Task PrepareDatabaseAsync()
    {
        await TestDataset.ImportIntoAsync(_store.Database, TestDataset.Write(Path.Combine(_folder.Path, "dataset"), TestDataset.RecentDays(2)));
    }

    private async Task<List<ServiceProcess>> StartNodesAsync(int count, Dictionary<string, string> settings)
    {
        var nodes = new List<ServiceProcess>();
        for (var i = 1; i <= count; i++)
        {
            nodes.Add(await StartNodeAsync(i, settings));
        }

        return nodes;
    }

    private async Task<ServiceProcess> StartNodeAsync(int number, Dictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["ReportForge__Storage__Provider"] = "postgres",
            ["ReportForge__Storage__ConnectionString"] = _store.ConnectionString!,
            ["ReportForge__Scheduler__MisfireThreshold"] = "00:00:30",
            ["ReportForge__Scheduler__ClusterCheckinInterval"] = "00:00:01",
            ["ReportForge__Scheduler__IdleWaitTime"] = "00:00:01",
            ["ReportForge__Cluster__HeartbeatInterval"] = "00:00:00.500",
            ["ReportForge__Cluster__NodeTimeout"] = "00:00:03",
            ["ReportForge__Cluster__CollectorLeaseTime"] = "00:00:03",
            // Every node reads and writes the same archive folder, as a cluster's nodes share one.
            ["ReportForge__BriefsDirectory"] = Path.Combine(_folder.Path, "shared-briefs"),
            ["ReportForge__Completeness__Sources__0"] = TestDataset.Source,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var node = await ServiceProcess.StartAsync(Path.Combine(_folder.Path, $"node{number}"), all);
        _nodes.Add(node);
        return node;
    }

    /// <summary>A dashboard page, signed in with the API key through the sign-in form (its CSRF token included).</summary>
    private static async Task<string> DashboardPageAsync(ServiceProcess node, string path)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = new Uri(node.BaseUrl) };
        var form = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token, ["returnUrl"] = path, ["name"] = "", ["secret"] = ServiceFixture.ApiKey,
        });
        using var signedIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), content);
        var page = await signedIn.Content.ReadAsStringAsync();
        Assert.True(signedIn.IsSuccessStatusCode, $"{path}: {signedIn.StatusCode}\n{node.Log}");
        return page;
    }

    private static async Task<string?> CollectorHolderAsync(ServiceProcess node)
    {
        var health = await node.Client.GetFromJsonAsync<JsonElement>("/health");
        return health.GetProperty("cluster").GetProperty("collectors") is { ValueKind: JsonValueKind.Object } lease ? lease.GetProperty("holder").GetString() : null;
    }

    /// <summary>A webhook endpoint on 127.0.0.1 that answers 200 and keeps each request's Idempotency-Key.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _keys = new();
        private readonly Task _serving;

        public WebhookReceiver()
        {
            var port = FreePort.Next();
            Url = $"http://127.0.0.1:{port}/briefs";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyList<string> Keys => [.. _keys];

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Stopping the listener ends the pending accept with an error.
            }

            _listener.Close();
            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _keys.Enqueue(context.Request.Headers[WebhookSignature.IdempotencyHeader] ?? "");
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
