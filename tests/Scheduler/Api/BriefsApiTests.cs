using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Api;

[Collection("service")]
public sealed class BriefsApiSqliteTests(ServiceFixture service) : BriefsApiTests(service);

[Collection("service-postgres")]
public sealed class BriefsApiPostgresTests(PostgresServiceFixture service) : BriefsApiTests(service);

public abstract class BriefsApiTests(ServiceFixture service)
{
    [Fact]
    public async Task Post_brief_of_a_date_is_accepted_then_done_with_a_pdf_html_and_archive_entry()
    {
        using var response = await service.Client.PostAsJsonAsync("/api/briefs", new { date = ServiceFixture.FixedDay, timeZone = "UTC" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/briefs/{id}", response.Headers.Location!.ToString());
        Assert.Equal("queued", accepted.GetProperty("status").GetString());

        var done = await service.WaitForBriefAsync($"/api/briefs/{id}");
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Contains(ServiceFixture.FixedDay, done.GetProperty("headline").GetString(), StringComparison.Ordinal);

        using var pdf = await service.Client.GetAsync($"/api/briefs/{id}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..5]), StringComparison.Ordinal);

        var html = await service.Client.GetStringAsync($"/api/briefs/{id}/html");
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);

        var archive = await service.Client.GetFromJsonAsync<JsonElement>("/api/briefs?from=2025-02-01&to=2025-02-05");
        Assert.Contains(archive.EnumerateArray(), b => b.GetProperty("id").GetString() == done.GetProperty("reportId").GetString());
    }

    [Fact]
    public async Task Post_brief_of_a_window_in_a_time_zone_covers_that_window()
    {
        var done = await service.BriefAsync(new { from = "2025-02-03T06:00:00Z", to = "2025-02-03T18:00:00Z", timeZone = "Asia/Singapore" });

        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2025-02-03T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture), done.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal("Asia/Singapore", done.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Rerender_makes_a_new_brief_from_the_same_facts_and_template_version()
    {
        var first = await service.BriefAsync(new { date = ServiceFixture.FixedDay });
        using var response = await service.Client.PostAsync($"/api/briefs/{first.GetProperty("id").GetString()}/rerender", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var again = await service.WaitForBriefAsync(response.Headers.Location!.ToString());

        Assert.Equal("done", again.GetProperty("status").GetString());
        Assert.Equal("rerender", again.GetProperty("kind").GetString());
        Assert.NotEqual(first.GetProperty("reportId").GetString(), again.GetProperty("reportId").GetString());
        Assert.Equal(first.GetProperty("templateVersion").GetString(), again.GetProperty("templateVersion").GetString());
        Assert.Equal(first.GetProperty("headline").GetString(), again.GetProperty("headline").GetString());
        var firstHtml = await service.Client.GetStringAsync($"/api/briefs/{first.GetProperty("reportId").GetString()}/html");
        var againHtml = await service.Client.GetStringAsync($"/api/briefs/{again.GetProperty("reportId").GetString()}/html");
        Assert.Equal(firstHtml, againHtml);
    }

    [Theory]
    [InlineData("""{"date": "2025-02-30"}""", "date", "write it like 2025-02-03")]
    [InlineData("""{"date": "2025-02-03", "timeZone": "Europe/Atlantis"}""", "timeZone", "IANA")]
    [InlineData("""{}""", "date", "Say which window")]
    [InlineData("""{"date": "2025-02-03", "from": "2025-02-03T00:00:00Z"}""", "date", "not both")]
    [InlineData("""{"from": "2025-02-03T10:00:00Z", "to": "2025-02-03T09:00:00Z"}""", "to", "after 'from'")]
    [InlineData("""{"from": "yesterday", "to": "2025-02-03T09:00:00Z"}""", "from", "ISO-8601")]
    [InlineData("""{"date": "2025-02-03", "templateSet": "fancy"}""", "templateSet", "default")]
    [InlineData("""{"date": "2025-02-03", "recipients": ["not-an-address"]}""", "recipients[0]", "desk@example.com")]
    [InlineData("""{"date": "2025-02-03", "colour": "red"}""", "colour", "not a field")]
    [InlineData("""{"date": 20250203}""", "date", "malformed or has the wrong type")]
    [InlineData("""{"date": "2025-02-03" """, "body", "malformed")]
    public async Task Post_brief_with_bad_input_is_refused_with_a_problem_naming_the_field(string body, string field, string fix)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await service.Client.PostAsync("/api/briefs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_brief_of_a_window_without_data_is_422_saying_what_is_stored()
    {
        using var response = await service.Client.PostAsJsonAsync("/api/briefs", new { date = "2019-06-01" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("date")[0].GetString()!;
        Assert.Contains("no liquidations and no hourly candles", message, StringComparison.Ordinal);
        Assert.Contains("stored from 2025-02-03", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_brief_with_an_oversized_body_is_413()
    {
        var body = JsonSerializer.Serialize(new { date = "2025-02-03", recipients = Enumerable.Repeat("desk@example.com", 400) });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await service.Client.PostAsync("/api/briefs", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("4,096 bytes", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_brief_that_is_not_json_is_415()
    {
        using var content = new StringContent("date=2025-02-03", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await service.Client.PostAsync("/api/briefs", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_brief_is_404_for_status_pdf_html_and_rerender()
    {
        foreach (var (method, path) in new[] { ("GET", "/api/briefs/nope"), ("GET", "/api/briefs/nope/pdf"), ("GET", "/api/briefs/nope/html"), ("POST", "/api/briefs/nope/rerender") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await service.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("No brief 'nope'", problem.GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Archive_list_with_a_bad_bound_names_the_field()
    {
        using var response = await service.Client.GetAsync("/api/briefs?from=last-week");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }
}
