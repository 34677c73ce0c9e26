using ReportForge.Data.Ingest;

namespace ReportForge.Data.Tests.Sources;

/// <summary>Every ingest source against its recorded responses on a real HTTP server: the same behaviours, source by source.</summary>
public sealed class IngestSourceTests
{
    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_stores_the_recorded_rows_and_a_second_run_changes_nothing(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var first = await harness.RunAsync(source);
        var second = await harness.RunAsync(source);

        Assert.Equal("succeeded", first.Outcome);
        Assert.Null(first.Error);
        Assert.Equal(scenario.ExpectedRows.OrderBy(r => r.Key), first.Rows.OrderBy(r => r.Key));
        foreach (var (table, rows) in scenario.ExpectedRows)
        {
            Assert.Equal(rows, await harness.CountAsync(table));
        }

        Assert.Equal("succeeded", second.Outcome);
        Assert.All(second.Rows, r => Assert.Equal(0, r.Value));
        var runs = await harness.RunsAsync();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal((source, "ingest", "succeeded"), (r.Source, r.Kind, r.Outcome)));
        Assert.Equal(SourceHarness.Window.From, runs[0].WindowFrom);
        var registered = await harness.QueryAsync<string>("SELECT name FROM sources WHERE tracked = 0 AND is_sample = 0");
        Assert.Contains(source, registered);
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_waits_as_long_as_Retry_After_asks_after_a_429_then_succeeds(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        var limited = 0;
        server.Handler = request => Interlocked.Exchange(ref limited, 1) == 0
            ? Reply.WithStatus(429, """{"code":-1003,"msg":"Too many requests"}""", retryAfterSeconds: 1)
            : scenario.Answer(request);
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        Assert.Equal("succeeded", outcome.Outcome);
        Assert.Equal(scenario.ExpectedRows.OrderBy(r => r.Key), outcome.Rows.OrderBy(r => r.Key));
        var requests = server.Requests.ToList();
        // The back-off is configured at 10 ms: a wait near a second is the server's Retry-After being honoured.
        Assert.Equal(requests[0].Path, requests[1].Path);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_gives_up_after_a_streak_of_500s_and_stores_nothing(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        server.Handler = _ => Reply.WithStatus(500, "upstream exploded");
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("HTTP 500 after 3 attempt(s)", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl.Authority, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("nothing stored", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count); // the first attempt and MaxRetries = 2, then the run stops
        foreach (var table in scenario.ExpectedRows.Keys)
        {
            Assert.Equal(0, await harness.CountAsync(table));
        }

        var run = Assert.Single(await harness.RunsAsync());
        Assert.Equal("failed", run.Outcome);
        Assert.Equal(outcome.Error, run.Error);
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_fails_with_the_url_when_a_body_is_truncated(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request => scenario.Answer(request).Truncated();
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        Assert.Equal("failed", outcome.Outcome);
        var first = server.Requests.First();
        Assert.Contains(first.Path, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("field '(body)'", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("truncated", outcome.Error, StringComparison.Ordinal);
        foreach (var table in scenario.ExpectedRows.Keys)
        {
            Assert.Equal(0, await harness.CountAsync(table));
        }
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_retries_a_connection_cut_mid_body_then_reports_it(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request => scenario.Answer(request) with { CutConnection = true };
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("after 3 attempts", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(server.Requests.First().Path, outcome.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_names_url_field_and_reason_of_a_wrongly_typed_field_and_keeps_nothing_of_its_batch(string source)
    {
        var scenario = SourceScenarios.Get(source);
        var wrong = scenario.WrongType;
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request =>
        {
            var reply = scenario.Answer(request);
            if (!wrong.Target(request))
            {
                return reply;
            }

            var text = System.Text.Encoding.UTF8.GetString(reply.Body);
            Assert.Contains(wrong.Find, text, StringComparison.Ordinal);
            return reply with { Body = System.Text.Encoding.UTF8.GetBytes(text.Replace(wrong.Find, wrong.Replace, StringComparison.Ordinal)) };
        };
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains(server.Requests.Last().Path, outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"field '{wrong.Field}'", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(wrong.Reason, outcome.Error, StringComparison.Ordinal);
        var run = Assert.Single(await harness.RunsAsync());
        Assert.Equal("failed", run.Outcome);
        Assert.Contains(wrong.Field, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SourceScenarios.Names), MemberType = typeof(SourceScenarios))]
    public async Task Ingest_reports_451_as_region_blocked_without_retrying(string source)
    {
        var scenario = SourceScenarios.Get(source);
        await using var server = await FixtureServer.StartAsync();
        server.Handler = _ => Reply.WithStatus(451, """{"code":0,"msg":"Service unavailable from a restricted location according to 'b. Eligibility'"}""");
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync(source);

        // A feed that refuses us is skipped (the other feeds still count), so the feeds run is partial rather than failed.
        Assert.Equal(source == "feeds" ? "partial" : "failed", outcome.Outcome);
        Assert.Contains("HTTP 451 region-blocked", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("restricted location", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(source == "feeds" ? 2 : 1, server.Requests.Count);
    }

    [Fact]
    public async Task Ingest_reports_418_as_banned_and_403_as_forbidden_without_retrying()
    {
        await using var server = await FixtureServer.StartAsync();
        server.Handler = _ => Reply.WithStatus(418, """{"code":-1003,"msg":"Way too many requests; IP banned until 1738590000000."}""");
        var scenario = SourceScenarios.Get("binance");
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var banned = await harness.RunAsync("binance");
        server.Handler = _ => Reply.WithStatus(403, "<html>The Amazon CloudFront distribution is configured to block access from your country.</html>");
        var forbidden = await harness.RunAsync("binance");

        Assert.Contains("HTTP 418 banned", banned.Error, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 forbidden", forbidden.Error, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }
}
