using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Delivery.Webhook;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Service;

/// <summary>The `reportforge serve` process is stopped, then killed with SIGKILL, and started again on the same data folder.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Schedules_history_and_pending_deliveries_survive_a_stop_and_a_kill_and_a_missed_brief_runs_exactly_once()
    {
        var data = Path.Combine(_folder.Path, "data");
        var database = ReportForgeDatabase.InDataDirectory(data);
        await TestDataset.ImportIntoAsync(database, TestDataset.Write(Path.Combine(_folder.Path, "dataset"), TestDataset.RecentDays(2)));
        var hookPort = FreePort.Next();
        var settings = new Dictionary<string, string>
        {
            ["ReportForge__Scheduler__MisfireThreshold"] = "00:00:02",
            ["ReportForge__Completeness__Sources__0"] = TestDataset.Source,
            ["ReportForge__Delivery__MaxAttempts"] = "1000",
            ["ReportForge__Delivery__InitialDelay"] = "00:00:01",
            ["ReportForge__Delivery__MaxDelay"] = "00:00:01",
            ["ReportForge__Delivery__PollInterval"] = "00:00:00.300",
            ["ReportForge__Delivery__WebhookTimeout"] = "00:00:02",
        };

        // 1. First run: a paused schedule, a run in the history, a webhook delivery nobody receives yet; then a graceful stop.
        string deliveryId;
        using (var first = await ServiceProcess.StartAsync(data, settings))
        {
            await Created(first.Client.PostAsJsonAsync("/api/schedules", new { id = "kept", cron = "0 0 8 * * ?", timeZone = "Europe/London" }));
            (await first.Client.PostAsJsonAsync("/api/schedules/kept/pause", new { reason = "desk on holiday" })).EnsureSuccessStatusCode();
            await Created(first.Client.PostAsJsonAsync("/api/schedules", new { id = "history", cron = "0 0 0 1 1 ? 2099", timeZone = "UTC" }));
            (await first.Client.PostAsync("/api/schedules/history/run", null)).EnsureSuccessStatusCode();
            await Eventually.ReturnsAsync(() => first.Client.GetFromJsonAsync<JsonElement>("/api/schedules/history/runs"),
                r => r.GetArrayLength() == 1 && r[0].GetProperty("outcome").GetString() == "succeeded", TimeSpan.FromSeconds(90), "the run now");
            await Created(first.Client.PostAsJsonAsync("/api/subscriptions", new
            {
                id = "hook", name = "Bot", scheduleId = "history", webhookSecret = "a-secret-of-sixteen+",
                recipients = new[] { new { channel = "webhook", address = $"http://127.0.0.1:{hookPort}/briefs" } },
            }));
            var test = await (await first.Client.PostAsync("/api/subscriptions/hook/test", null)).Content.ReadFromJsonAsync<JsonElement>();
            deliveryId = test.GetProperty("deliveries")[0].GetString()!;
            await Eventually.ReturnsAsync(() => first.Client.GetFromJsonAsync<JsonElement>($"/api/deliveries/{deliveryId}"),
                d => d.GetProperty("attempts").GetInt32() >= 2, TimeSpan.FromSeconds(30), "failed attempts at the closed webhook");

            Assert.Equal(0, await first.StopAsync());
        }

        // 2. Second run: everything is still there; a brief due in a few seconds is set up, then the process is killed.
        DateTimeOffset due;
        using (var second = await ServiceProcess.StartAsync(data, settings))
        {
            var kept = await second.Client.GetFromJsonAsync<JsonElement>("/api/schedules/kept");
            Assert.True(kept.GetProperty("paused").GetBoolean());
            Assert.Equal("desk on holiday", kept.GetProperty("pausedReason").GetString());
            Assert.Equal("Paused", kept.GetProperty("triggerState").GetString());
            var history = await second.Client.GetFromJsonAsync<JsonElement>("/api/schedules/history/runs");
            Assert.Equal("succeeded", Assert.Single(history.EnumerateArray()).GetProperty("outcome").GetString());
            var pending = await second.Client.GetFromJsonAsync<JsonElement>($"/api/deliveries/{deliveryId}");
            Assert.Equal("pending", pending.GetProperty("status").GetString());

            // Three firings one second apart, a few seconds from now (UTC), inside one minute.
            due = DateTimeOffset.UtcNow.AddSeconds(8);
            if (due.Second > 55)
            {
                due = due.AddSeconds(60 - due.Second);
            }

            var cron = string.Create(CultureInfo.InvariantCulture, $"{due.Second}-{due.Second + 2} {due.Minute} {due.Hour} * * ?");
            await Created(second.Client.PostAsJsonAsync("/api/schedules", new { id = "missed", cron, timeZone = "UTC" }));
            second.Kill();
        }

        // The service is down while all three firings come and go.
        var wait = due.AddSeconds(2 + 2 + 2) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        // 3. Third run after the kill: the webhook receiver is up now.
        var received = new ConcurrentBag<string>();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{hookPort}/");
        listener.Start();
        using var stopListening = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stopListening.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stopListening.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                received.Add(context.Request.Headers[WebhookSignature.IdempotencyHeader] ?? "");
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        using (var third = await ServiceProcess.StartAsync(data, settings))
        {
            var runs = await Eventually.ReturnsAsync(() => third.Client.GetFromJsonAsync<JsonElement>("/api/schedules/missed/runs"),
                r => r.EnumerateArray().Any(x => x.GetProperty("outcome").GetString() == "succeeded"), TimeSpan.FromSeconds(90), "the missed brief");
            var delivery = await Eventually.ReturnsAsync(() => third.Client.GetFromJsonAsync<JsonElement>($"/api/deliveries/{deliveryId}"),
                d => d.GetProperty("status").GetString() == "sent", TimeSpan.FromSeconds(30), "the pending delivery");
            await Task.Delay(TimeSpan.FromSeconds(4));
            runs = await third.Client.GetFromJsonAsync<JsonElement>("/api/schedules/missed/runs");

            var run = Assert.Single(runs.EnumerateArray());
            Assert.Equal("misfire", run.GetProperty("cause").GetString());
            Assert.Equal(due.ToUnixTimeSeconds(), run.GetProperty("scheduledFor").GetDateTimeOffset().ToUnixTimeSeconds());
            Assert.Equal("sent", delivery.GetProperty("status").GetString());
            Assert.Equal(0, await third.StopAsync());
        }

        await stopListening.CancelAsync();
        await serving;
        Assert.Equal([deliveryId], received.ToArray());
    }

    private static async Task Created(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
