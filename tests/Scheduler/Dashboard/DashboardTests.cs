using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace ReportForge.Scheduler.Tests.Dashboard;

/// <summary>The dashboard end to end: a real service started by the test, driven through headless Chromium like a person would.</summary>
public sealed partial class DashboardTests(DashboardFixture service) : IClassFixture<DashboardFixture>
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    private HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(ApiKeys.Header, DashboardFixture.ApiKey);
        return client;
    }

    [Fact]
    public async Task Pages_need_a_sign_in_and_a_wrong_secret_is_refused_while_an_api_key_is_accepted()
    {
        var page = await service.NewPageAsync();
        await page.GotoAsync("/schedules");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "signin");

        await page.GetByLabel("Name").FillAsync(DashboardFixture.UserName);
        await page.GetByLabel("Password or API key").FillAsync("wrong password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not recognised");

        // An API key signs in with the name left empty, and the sign-in returns to the page asked for.
        await page.GetByLabel("Name").FillAsync("");
        await page.GetByLabel("Password or API key").FillAsync(DashboardFixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/schedules");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Schedules");

        // A form posted without this dashboard's anti-forgery token is refused, however the session is set.
        var cookies = await page.Context.CookiesAsync();
        using var handler = new HttpClientHandler { UseCookies = false };
        using var forged = new HttpClient(handler) { BaseAddress = new Uri(service.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/schedules/new") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "forged", ["cron"] = "0 0 8 * * ?", ["timeZone"] = "UTC", ["kind"] = "brief" }) };
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        using var response = await forged.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await service.Services.GetRequiredService<ScheduleStore>().FindAsync("forged", CancellationToken.None));
    }

    [Fact]
    public async Task A_schedule_created_in_the_form_and_run_now_writes_a_brief_that_appears_in_the_archive_and_downloads()
    {
        var page = await service.SignedInPageAsync();
        var id = NewId("morning");
        await page.GotoAsync("/schedules/new");
        await page.GetByLabel("Id").FillAsync(id);
        // A bad cron and zone are refused with what is wrong, field by field.
        await page.GetByLabel("Cron expression (seconds first)").FillAsync("0 0 25 * * ?");
        await page.GetByLabel("Time zone").FillAsync("Europe/Atlantis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the schedule" }).ClickAsync();
        await Expect(page.Locator(".errors li[data-field=cron]")).ToContainTextAsync("not a Quartz cron expression");
        await Expect(page.Locator(".errors li[data-field=timeZone]")).ToContainTextAsync("not a known IANA time zone");
        await DashboardFixture.ScreenshotAsync(page, "schedule-new-errors");

        await page.GetByLabel("Cron expression (seconds first)").FillAsync("0 0 8 * * ?");
        await page.GetByLabel("Time zone").FillAsync("Europe/London");
        // The script says the cron in words while it is typed.
        await Expect(page.Locator("[data-description]")).ToHaveTextAsync("every day at 08:00, Europe/London");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the schedule" }).ClickAsync();
        await page.WaitForURLAsync($"**/schedules/{id}");
        await Expect(page.Locator(".facts")).ToContainTextAsync("every day at 08:00, Europe/London");
        await DashboardFixture.ScreenshotAsync(page, "schedule-detail");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        // The page reloads by itself while the run is under way.
        var succeeded = page.Locator("table.runs tr[data-outcome=succeeded]");
        await Expect(succeeded).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Expect(succeeded.Locator("td").Nth(4)).ToHaveTextAsync("manual");
        await DashboardFixture.ScreenshotAsync(page, "schedule-ran");
        var reportId = (await succeeded.Locator("a", new() { HasText = "brief" }).GetAttributeAsync("href"))!.Split('/')[^1];

        await page.GotoAsync("/briefs");
        var row = page.Locator($"tr[data-report='{reportId}']");
        await Expect(row).ToContainTextAsync("$");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("done");
        await DashboardFixture.ScreenshotAsync(page, "briefs");
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.True(bytes.Length > 5_000, $"the PDF has {bytes.Length} bytes");
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);

        await row.GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync();
        await Expect(page.FrameLocator("iframe.preview").Locator("body")).Not.ToBeEmptyAsync();
        await DashboardFixture.ScreenshotAsync(page, "brief-detail");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_new_brief_form_shows_progress_then_the_brief_and_refuses_a_day_without_data()
    {
        var page = await service.SignedInPageAsync();
        await page.GetByLabel("Date").FillAsync("2019-06-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Write the brief" }).ClickAsync();
        await Expect(page.Locator(".errors li[data-field=date]")).ToContainTextAsync("no liquidations");

        await page.GetByLabel("Date").FillAsync(DashboardFixture.FixedDay);
        await page.Locator("input[name=timeZone]").FillAsync("UTC");
        await page.GetByRole(AriaRole.Button, new() { Name = "Write the brief" }).ClickAsync();
        await page.WaitForURLAsync("**/briefs/jobs/**");
        await DashboardFixture.ScreenshotAsync(page, "brief-progress");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.FrameLocator("iframe.preview").Locator("body")).ToContainTextAsync("2025");
        await DashboardFixture.ScreenshotAsync(page, "brief-done");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_forms_still_work_and_the_progress_page_reloads_itself_until_the_brief_is_done()
    {
        var page = await service.SignedInPageAsync(javaScript: false);
        await page.GetByLabel("Date").FillAsync(DashboardFixture.FixedDay);
        await page.GetByRole(AriaRole.Button, new() { Name = "Write the brief" }).ClickAsync();
        await page.WaitForURLAsync("**/briefs/jobs/**");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" })).ToBeVisibleAsync(new() { Timeout = 90_000 });

        var id = NewId("no-script");
        await page.GotoAsync("/schedules/new");
        await page.GetByLabel("Id").FillAsync(id);
        await page.GetByLabel("Cron expression (seconds first)").FillAsync("0 0 */6 * * ?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the schedule" }).ClickAsync();
        await page.WaitForURLAsync($"**/schedules/{id}");
        await Expect(page.Locator(".facts")).ToContainTextAsync("every 6 hours at :00 (from 00:00), UTC");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_schedule_is_paused_with_a_reason_and_resumed_from_the_list()
    {
        var id = NewId("pausable");
        using (var api = Api())
        {
            using var created = await api.PostAsJsonAsync("/api/schedules", new { id, cron = "0 30 7 ? * MON-FRI", timeZone = "America/New_York" });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var page = await service.SignedInPageAsync();
        await page.GotoAsync("/schedules");
        var row = page.Locator($"tr[data-schedule='{id}']");
        await Expect(row).ToContainTextAsync("every weekday (Monday to Friday) at 07:30, America/New_York");
        await row.GetByPlaceholder("Reason for pausing").FillAsync("exchange outage, data incomplete");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(row.Locator(".badge", new() { HasText = "paused" })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("exchange outage, data incomplete");
        await DashboardFixture.ScreenshotAsync(page, "schedules-paused");

        var schedules = service.Services.GetRequiredService<ScheduleService>();
        Assert.Equal(Quartz.TriggerState.Paused, await schedules.StateAsync(id, CancellationToken.None));

        await row.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(row.Locator(".badge", new() { HasText = "active" })).ToBeVisibleAsync();
        Assert.Equal(Quartz.TriggerState.Normal, await schedules.StateAsync(id, CancellationToken.None));
        Assert.Null((await service.Services.GetRequiredService<ScheduleStore>().FindAsync(id, CancellationToken.None))!.PausedAt);
        await DashboardFixture.ScreenshotAsync(page, "schedules");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_template_error_is_shown_at_its_line_a_good_edit_is_previewed_saved_and_used_then_rolled_back()
    {
        const string file = "partials/disclaimer.hbs";
        const string marker = "Edited in the dashboard";
        var page = await service.SignedInPageAsync();
        await page.GotoAsync("/templates");
        var set = page.Locator("section[data-set=default]");
        var original = await set.Locator("[data-active-version]").TextContentAsync();
        await DashboardFixture.ScreenshotAsync(page, "templates");
        await set.GetByRole(AriaRole.Link, new() { Name = file }).ClickAsync();
        var source = page.Locator("textarea[name=content]");
        var before = await source.InputValueAsync();

        // Line 3 has a tag that is never closed off.
        await source.FillAsync("<p class=\"disclaimer\">\nNot investment advice.\n{{brand.name}\n</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and preview" }).ClickAsync();
        var marked = page.Locator("ol.source li.error");
        await Expect(marked).ToHaveCountAsync(1);
        await Expect(marked).ToHaveAttributeAsync("data-line", "3");
        await Expect(marked.Locator(".line-error")).ToContainTextAsync("line 3");
        await DashboardFixture.ScreenshotAsync(page, "template-error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        Assert.Equal(original, service.Services.GetRequiredService<Briefs.TemplateCatalog>().Get("default").Set.Version);

        // A file that compiles but names a figure no brief has is refused on save, at its line.
        await source.FillAsync(before + "<p>{{money liquidations.nothingHere}}</p>\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Expect(page.Locator("ol.source li.error")).ToHaveCountAsync(1);
        await Expect(page.Locator(".issues, ol.source")).ToContainTextAsync("nothingHere");
        Assert.Equal(original, service.Services.GetRequiredService<Briefs.TemplateCatalog>().Get("default").Set.Version);

        await source.FillAsync(before + $"<p class=\"edited\">{marker}</p>\n");
        await page.Locator("input[name=date]").FillAsync(DashboardFixture.FixedDay);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and preview" }).ClickAsync();
        await Expect(page.FrameLocator("iframe.preview").Locator("p.edited")).ToHaveTextAsync(marker);
        await DashboardFixture.ScreenshotAsync(page, "template-preview");

        await page.Locator("input[name=note]").FillAsync("a line to the disclaimer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await page.WaitForURLAsync("**/templates/default/versions**");
        var versions = page.Locator("table.versions tbody tr");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(page.Locator("tr.current")).ToContainTextAsync("a line to the disclaimer");
        await DashboardFixture.ScreenshotAsync(page, "template-versions");
        var edited = await page.Locator("tr.current").GetAttributeAsync("data-version");

        // A brief written now uses the saved version, and the archive names it.
        using var api = Api();
        var withEdit = await BriefAsync(api);
        Assert.Equal(edited, withEdit.GetProperty("templateVersion").GetString());
        Assert.Contains(marker, await api.GetStringAsync($"/api/briefs/{withEdit.GetProperty("id").GetString()}/html"), StringComparison.Ordinal);

        await page.Locator($"tr[data-version='{original}']").GetByRole(AriaRole.Button, new() { Name = "Roll back to this version" }).ClickAsync();
        await Expect(page.Locator("tr.current")).ToHaveAttributeAsync("data-version", original!);
        var afterRollBack = await BriefAsync(api);
        Assert.Equal(original, afterRollBack.GetProperty("templateVersion").GetString());
        Assert.DoesNotContain(marker, await api.GetStringAsync($"/api/briefs/{afterRollBack.GetProperty("id").GetString()}/html"), StringComparison.Ordinal);
        // The brief made with the edit is still rendered from its own version, read back from the database.
        Assert.Contains(marker, await api.GetStringAsync($"/api/briefs/{withEdit.GetProperty("id").GetString()}/html"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_failed_delivery_is_listed_on_the_runs_page_and_sent_again_with_its_button()
    {
        using var api = Api();
        var scheduleId = NewId("hooked");
        using (var created = await api.PostAsJsonAsync("/api/schedules", new { id = scheduleId, cron = "0 0 6 * * ?", timeZone = "UTC" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        // Nothing listens on this port: the webhook fails, and with one attempt allowed it is given up at once.
        var deadEnd = $"http://127.0.0.1:{FreePort.Next()}/hook";
        using (var subscribed = await api.PostAsJsonAsync("/api/subscriptions", new { name = "dead end", scheduleId, recipients = new[] { new { channel = "webhook", address = deadEnd } } }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, subscribed.StatusCode);
        }

        using (var run = await api.PostAsync($"/api/schedules/{scheduleId}/run", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, run.StatusCode);
        }

        var store = service.Services.GetRequiredService<DeliveryStore>();
        var failed = await Eventually.ReturnsAsync(
            async () => (await store.ListAsync(null, null, "failed", 100, CancellationToken.None)).FirstOrDefault(d => d.Recipient == deadEnd),
            d => d is not null, TimeSpan.FromSeconds(90), "the webhook delivery to fail");

        var page = await service.SignedInPageAsync();
        await page.GotoAsync("/runs");
        var row = page.Locator($"tr[data-delivery='{failed!.Id}']");
        await Expect(row).ToContainTextAsync(deadEnd);
        await Expect(row.Locator(".badge")).ToHaveTextAsync("failed");
        await Expect(page.Locator($"table.runs tr[data-outcome=succeeded]", new() { HasText = scheduleId })).ToHaveCountAsync(1);
        await DashboardFixture.ScreenshotAsync(page, "runs");

        await row.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await page.WaitForURLAsync("**/runs");
        var retried = await Eventually.ReturnsAsync<DeliveryRecord?>(() => store.FindAsync(failed.Id, CancellationToken.None),
            d => d!.UpdatedAt > failed.UpdatedAt && d.Status == "failed", TimeSpan.FromSeconds(30), "the retried delivery to be attempted again");
        Assert.Equal(1, retried!.Attempts);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_data_page_shows_coverage_per_source_and_day_with_gaps_and_the_last_ingest()
    {
        var page = await service.SignedInPageAsync();
        await page.GotoAsync($"/data?from=2025-02-01&to=2025-02-04");
        var grid = page.Locator("table.coverage");
        var day = grid.Locator("tr", new() { Has = page.Locator("th", new() { HasTextString = DashboardFixture.FixedDay }) });
        await Expect(day.Locator("td.complete").First).ToContainTextAsync("24 h");
        var missing = grid.Locator("tr", new() { Has = page.Locator("th", new() { HasTextString = "2025-02-02" }) });
        await Expect(missing.Locator("td.missing").First).ToHaveTextAsync("missing");
        await Expect(page.Locator($"tr[data-source='{TestDataset.Source}'] .badge")).ToHaveTextAsync("succeeded");
        await Expect(page.Locator("tr[data-collector=desk]")).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "data");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_shows_markup_from_names_reasons_and_notes_as_text()
    {
        const string hostile = "<img src=x onerror=alert(1)><script>window.__pwned=1</script>";
        var id = NewId("escaped");
        using (var api = Api())
        {
            using var created = await api.PostAsJsonAsync("/api/schedules", new { id, cron = "0 0 9 * * ?", timeZone = "UTC", templateSet = DashboardFixture.HostileSet });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            using var paused = await api.PostAsJsonAsync($"/api/schedules/{id}/pause", new { reason = hostile });
            Assert.Equal(System.Net.HttpStatusCode.OK, paused.StatusCode);
        }

        var page = await service.SignedInPageAsync();
        var encodedSet = Uri.EscapeDataString(DashboardFixture.HostileSet);
        foreach (var path in new[] { "/briefs", "/schedules", $"/schedules/{id}", $"/schedules/{id}/edit", "/runs", "/templates", $"/templates/{encodedSet}/versions", "/data" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            // Nothing from the data became an element: no inline script, no image.
            Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        }

        await page.GotoAsync("/templates");
        await Expect(page.Locator("h2", new() { HasTextString = "Set " + DashboardFixture.HostileSet })).ToBeVisibleAsync();
        await page.GotoAsync("/schedules");
        await Expect(page.Locator($"tr[data-schedule='{id}']")).ToContainTextAsync(hostile);
        await Expect(page.Locator($"tr[data-schedule='{id}']")).ToContainTextAsync(DashboardFixture.HostileSet);
        Assert.Matches(ScriptText(), await page.ContentAsync());
        await page.Context.CloseAsync();
    }

    private static async Task<JsonElement> BriefAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync("/api/briefs", new { date = DashboardFixture.FixedDay, timeZone = "UTC" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var done = await Eventually.ReturnsAsync(async () => await api.GetFromJsonAsync<JsonElement>(location),
            s => s.GetProperty("status").GetString() is "done" or "failed", TimeSpan.FromSeconds(90), "the brief");
        Assert.Equal("done", done.GetProperty("status").GetString());
        return await api.GetFromJsonAsync<JsonElement>($"/api/briefs/{done.GetProperty("reportId").GetString()}");
    }

    // The escaped form of the hostile text is what the page source holds.
    [GeneratedRegex("&lt;script&gt;window.__pwned=1&lt;/script&gt;")]
    private static partial Regex ScriptText();
}
