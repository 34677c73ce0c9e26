using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Api;

[Collection("service")]
public sealed class SchedulesApiSqliteTests(ServiceFixture service) : SchedulesApiTests(service);

[Collection("service-postgres")]
public sealed class SchedulesApiPostgresTests(PostgresServiceFixture service) : SchedulesApiTests(service);

public abstract class SchedulesApiTests(ServiceFixture service)
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> CreateAsync(object body)
    {
        using var response = await service.Client.PostAsJsonAsync("/api/schedules", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> RunsAsync(string id) => service.Client.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}/runs");

    [Fact]
    public async Task A_schedule_due_every_second_fires_through_quartz_and_writes_a_brief()
    {
        var id = NewId("every-second");
        await CreateAsync(new { id, cron = "* * * * * ?", timeZone = "UTC" });

        var runs = await Eventually.ReturnsAsync(() => RunsAsync(id),
            r => r.EnumerateArray().Any(run => run.GetProperty("outcome").GetString() == "succeeded"), TimeSpan.FromSeconds(60), "a succeeded run");
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync($"/api/schedules/{id}")).StatusCode);

        var run = runs.EnumerateArray().First(r => r.GetProperty("outcome").GetString() == "succeeded");
        Assert.Equal("schedule", run.GetProperty("cause").GetString());
        var reportId = run.GetProperty("reportId").GetString()!;
        var brief = await service.Client.GetFromJsonAsync<JsonElement>($"/api/briefs/{reportId}");
        Assert.Equal("done", brief.GetProperty("status").GetString());
        // The brief covers the day before the firing, in the schedule's zone.
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1), brief.GetProperty("windowStart").GetDateTimeOffset().UtcDateTime);
        using var pdf = await service.Client.GetAsync($"/api/briefs/{reportId}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
    }

    [Fact]
    public async Task Create_change_pause_resume_and_delete_a_schedule()
    {
        var id = NewId("daily");
        var created = await CreateAsync(new { id, cron = "0 0 8 * * ?", timeZone = "Europe/London" });
        Assert.Equal("Normal", created.GetProperty("triggerState").GetString());
        var next = created.GetProperty("nextFireTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.All(next, t => Assert.Equal(new TimeSpan(8, 0, 0), TimeZoneInfo.ConvertTime(t, london).TimeOfDay));

        using (var changed = await service.Client.PutAsJsonAsync($"/api/schedules/{id}", new { cron = "0 30 6 * * ?", timeZone = "America/New_York" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
            var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            Assert.All(view.GetProperty("nextFireTimes").EnumerateArray(),
                t => Assert.Equal(new TimeSpan(6, 30, 0), TimeZoneInfo.ConvertTime(t.GetDateTimeOffset(), newYork).TimeOfDay));
        }

        using (var paused = await service.Client.PostAsJsonAsync($"/api/schedules/{id}/pause", new { reason = "exchange outage, data incomplete" }))
        {
            var view = await paused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(view.GetProperty("paused").GetBoolean());
            Assert.Equal("exchange outage, data incomplete", view.GetProperty("pausedReason").GetString());
            Assert.Equal("Paused", view.GetProperty("triggerState").GetString());
        }

        using (var resumed = await service.Client.PostAsync($"/api/schedules/{id}/resume", null))
        {
            var view = await resumed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(view.GetProperty("paused").GetBoolean());
            Assert.Equal("Normal", view.GetProperty("triggerState").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync($"/api/schedules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync($"/api/schedules/{id}")).StatusCode);
    }

    [Fact]
    public async Task Run_now_fires_the_schedule_once_and_records_it_as_manual()
    {
        var id = NewId("manual");
        await CreateAsync(new { id, cron = "0 0 0 1 1 ? 2099", timeZone = "UTC" });

        using var response = await service.Client.PostAsync($"/api/schedules/{id}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var runs = await Eventually.ReturnsAsync(() => RunsAsync(id),
            r => r.GetArrayLength() == 1 && r[0].GetProperty("outcome").GetString() != "running", TimeSpan.FromSeconds(60), "the manual run");
        Assert.Equal("manual", runs[0].GetProperty("cause").GetString());
        Assert.Equal("succeeded", runs[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Brief_of_a_window_whose_data_is_incomplete_retries_with_back_off_then_fails_loudly()
    {
        // windowDaysBack 0: today's window, whose data is not in (the dataset ends yesterday).
        var id = NewId("incomplete");
        await CreateAsync(new { id, cron = "0 0 0 1 1 ? 2099", timeZone = "UTC", windowDaysBack = 0 });
        await service.Client.PostAsync($"/api/schedules/{id}/run", null);

        var runs = await Eventually.ReturnsAsync(() => RunsAsync(id),
            r => r.EnumerateArray().Any(run => run.GetProperty("outcome").GetString() == "failed"), TimeSpan.FromSeconds(60), "the run to give up");

        var ordered = runs.EnumerateArray().Reverse().ToList();
        Assert.Equal([0, 1, 2], ordered.Select(r => r.GetProperty("attempt").GetInt32()));
        Assert.Equal(["retrying", "retrying", "failed"], ordered.Select(r => r.GetProperty("outcome").GetString()));
        Assert.All(ordered, r => Assert.Contains($"source '{TestDataset.Source}' has", r.GetProperty("detail").GetString(), StringComparison.Ordinal));
        // Back-off: the second retry waited longer than the first.
        var started = ordered.Select(r => r.GetProperty("startedAt").GetDateTimeOffset()).ToList();
        Assert.True(started[1] - started[0] >= TimeSpan.FromSeconds(0.9), $"first retry after {started[1] - started[0]}");
        Assert.True(started[2] - started[1] >= TimeSpan.FromSeconds(1.8), $"second retry after {started[2] - started[1]}");

        var alerts = await Eventually.ReturnsAsync(() => service.Client.GetFromJsonAsync<JsonElement>("/api/alerts"),
            a => a.EnumerateArray().Any(x => x.GetProperty("subject").GetString()!.Contains(id, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the owner alert");
        var alert = alerts.EnumerateArray().First(x => x.GetProperty("subject").GetString()!.Contains(id, StringComparison.Ordinal));
        Assert.Equal("schedule-failed", alert.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_ingest_schedule_imports_its_source_and_the_flash_watcher_fires_once_per_crossing()
    {
        var id = NewId("ingest");
        await CreateAsync(new { id, kind = "ingest", source = "desk", cron = "0 0 0 1 1 ? 2099", timeZone = "UTC" });

        await service.Client.PostAsync($"/api/schedules/{id}/run", null);
        var first = await Eventually.ReturnsAsync(() => RunsAsync(id),
            r => r.GetArrayLength() == 1 && r[0].GetProperty("outcome").GetString() == "succeeded", TimeSpan.FromSeconds(60), "the first ingest");
        await service.Client.PostAsync($"/api/schedules/{id}/run", null);
        var both = await Eventually.ReturnsAsync(() => RunsAsync(id),
            r => r.GetArrayLength() == 2 && r[0].GetProperty("outcome").GetString() == "succeeded", TimeSpan.FromSeconds(60), "the second ingest");

        // The dataset's last day totals 960 M USD, above the 500 M threshold: the first check after the
        // service started crosses it (or an earlier test's ingest did); the second ingest is no new crossing.
        Assert.DoesNotContain("flash brief", both[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var connection = await service.Database.OpenAsync(CancellationToken.None);
        var flash = await Dapper.SqlMapper.QuerySingleAsync<(long Above, string JobId)>(connection, "SELECT above, last_job_id FROM flash_state WHERE rule = 'flash'");
        Assert.Equal(1, flash.Above);
        var flashBrief = await service.WaitForBriefAsync($"/api/briefs/{flash.JobId}");
        Assert.Equal("flash", flashBrief.GetProperty("kind").GetString());
        Assert.Equal("done", flashBrief.GetProperty("status").GetString());
        Assert.Equal(TimeSpan.FromHours(24), flashBrief.GetProperty("windowEnd").GetDateTimeOffset() - flashBrief.GetProperty("windowStart").GetDateTimeOffset());
        _ = first;
    }

    [Theory]
    [InlineData("""{"id": "x1", "cron": "0 0 25 * * ?", "timeZone": "UTC"}""", "cron", "Hour values must be between 0 and 23")]
    [InlineData("""{"id": "x2", "cron": "0 8 * * *", "timeZone": "UTC"}""", "cron", "seconds minutes hours")]
    [InlineData("""{"id": "x3", "cron": "0 0 8 * * ?", "timeZone": "Europe/Lndon"}""", "timeZone", "IANA")]
    [InlineData("""{"id": "Not Valid", "cron": "0 0 8 * * ?", "timeZone": "UTC"}""", "id", "lower-case")]
    [InlineData("""{"id": "x4", "kind": "report", "cron": "0 0 8 * * ?", "timeZone": "UTC"}""", "kind", "\"brief\" or \"ingest\"")]
    [InlineData("""{"id": "x5", "kind": "ingest", "cron": "0 0 8 * * ?", "timeZone": "UTC", "source": "coinglass"}""", "source", "configured: desk")]
    [InlineData("""{"id": "x6", "cron": "0 0 8 * * ?", "timeZone": "UTC", "templateSet": "nope"}""", "templateSet", "default")]
    public async Task Create_schedule_with_bad_input_names_the_field_and_the_fix(string body, string field, string fix)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await service.Client.PostAsync("/api/schedules", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), m => m.GetString()!.Contains(fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_schedule_is_404_for_every_operation()
    {
        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("GET", "/api/schedules/ghost", null), ("PUT", "/api/schedules/ghost", new { cron = "0 0 8 * * ?" }),
                     ("POST", "/api/schedules/ghost/pause", new { reason = "x" }), ("POST", "/api/schedules/ghost/resume", null),
                     ("DELETE", "/api/schedules/ghost", null), ("POST", "/api/schedules/ghost/run", null), ("GET", "/api/schedules/ghost/runs", null),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await service.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("GET /api/schedules", problem.GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Duplicate_schedule_is_409_and_pause_without_a_reason_is_400()
    {
        var id = NewId("dup");
        await CreateAsync(new { id, cron = "0 0 8 * * ?", timeZone = "UTC" });

        using var again = await service.Client.PostAsJsonAsync("/api/schedules", new { id, cron = "0 0 9 * * ?", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var pause = await service.Client.PostAsJsonAsync($"/api/schedules/{id}/pause", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, pause.StatusCode);
        Assert.True((await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        await service.Client.DeleteAsync($"/api/schedules/{id}");
    }
}
