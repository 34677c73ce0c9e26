using System.Globalization;
using System.Text.Json;
using ReportForge.Data.Ingest;

namespace ReportForge.Data.Tests.Sources.Binance;

public sealed class BinanceSourceTests
{
    private sealed record CandleRow
    {
        public string Interval { get; init; } = "";
        public long Time { get; init; }
        public double Close { get; init; }
        public double VolumeUsd { get; init; }
    }

    private sealed record DerivativesRow
    {
        public long Time { get; init; }
        public double? Oi { get; init; }
        public double? Funding { get; init; }
    }

    [Fact]
    public async Task Ingest_drops_the_forming_bars_and_stores_quote_volume_open_interest_and_funding()
    {
        var scenario = SourceScenarios.Get("binance");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        await harness.RunAsync("binance");

        var candles = await harness.QueryAsync<CandleRow>("SELECT interval, time, close, volume_usd AS VolumeUsd FROM candles ORDER BY interval, time");
        Assert.Equal(
            ["1d 2025-02-01", "1d 2025-02-02", "1h 2025-02-03T09", "1h 2025-02-03T10", "1h 2025-02-03T11"],
            candles.Select(c => $"{c.Interval} {DateTimeOffset.FromUnixTimeMilliseconds(c.Time).UtcDateTime.ToString(c.Interval == "1d" ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)}"));
        Assert.Equal(97700.00, candles[1].Close);
        Assert.Equal(24987654321.00, candles[1].VolumeUsd); // the quote (USDT) volume, not the coin volume
        var derivatives = await harness.QueryAsync<DerivativesRow>("SELECT time, open_interest_usd AS Oi, funding_rate AS Funding FROM derivatives ORDER BY time");
        Assert.Equal([0.0001, -0.00005, 0.00012], derivatives.Where(d => d.Funding is not null).Select(d => d.Funding!.Value));
        Assert.Equal([7717283865.00, 7537419410.00], derivatives.Where(d => d.Oi is not null).Select(d => d.Oi!.Value));
    }

    [Fact]
    public async Task Ingest_pages_klines_until_the_whole_window_is_covered()
    {
        var now = SourceHarness.Now;
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request => request.Path.Value switch
        {
            "/fapi/v1/klines" => Generated(request, now),
            _ => Reply.Text("[]"),
        };
        await using var harness = await SourceHarness.CreateAsync(server);
        var window = new IngestWindow(new DateTimeOffset(2024, 11, 20, 0, 0, 0, TimeSpan.Zero), now);

        var outcome = await harness.RunAsync("binance", window);

        Assert.Equal("succeeded", outcome.Outcome);
        var hourly = server.Requests.Where(r => r.Path == "/fapi/v1/klines" && r.Query["interval"] == "1h").ToList();
        Assert.Equal(2, hourly.Count);
        Assert.Equal(window.From.ToUnixTimeMilliseconds(), long.Parse(hourly[0].Query["startTime"]!, CultureInfo.InvariantCulture));
        Assert.Equal(window.From.AddHours(1000).ToUnixTimeMilliseconds(), long.Parse(hourly[1].Query["startTime"]!, CultureInfo.InvariantCulture));
        var hours = (long)(now - window.From).TotalHours; // every closed hour of the window, the forming one excluded
        Assert.Equal(hours, (await harness.QueryAsync<long>("SELECT COUNT(*) FROM candles WHERE interval = '1h'"))[0]);
        Assert.Equal((long)(now - window.From).TotalDays, (await harness.QueryAsync<long>("SELECT COUNT(*) FROM candles WHERE interval = '1d'"))[0]);
    }

    [Fact]
    public async Task Ingest_takes_candles_from_spot_when_futures_is_region_blocked_and_says_so()
    {
        var scenario = SourceScenarios.Get("binance");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request => request.Path.StartsWithSegments("/spot", StringComparison.Ordinal)
            ? scenario.Answer(request)
            : Reply.WithStatus(451, """{"code":0,"msg":"Service unavailable from a restricted location according to 'b. Eligibility'"}""");
        await using var harness = await SourceHarness.CreateAsync(server, new Dictionary<string, string?> { ["Sources:Binance:SpotFallback"] = "true" });

        var outcome = await harness.RunAsync("binance");

        Assert.Equal("partial", outcome.Outcome);
        Assert.Contains("region-blocked", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(2, await harness.CountAsync("candles"));
        Assert.Equal(0, await harness.CountAsync("derivatives"));
        Assert.DoesNotContain(server.Requests, r => r.Path is "/futures/data/openInterestHist" or "/fapi/v1/fundingRate");
    }

    [Fact]
    public async Task Ingest_keeps_the_batches_stored_before_a_failure_and_records_the_run_as_failed()
    {
        var scenario = SourceScenarios.Get("binance");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = request => request.Query["interval"] == "1h" ? scenario.Answer(request).Truncated() : scenario.Answer(request);
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var outcome = await harness.RunAsync("binance");

        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("1 batch stored before the failure stay", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(2, await harness.CountAsync("candles"));
        var run = Assert.Single(await harness.RunsAsync());
        Assert.Equal(2, run.Rows["candles"]);
    }

    [Fact]
    public async Task Ingest_without_a_window_catches_up_from_the_day_before_the_last_run_ended()
    {
        var scenario = SourceScenarios.Get("binance");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));

        var first = await harness.Runner.RunAsync(harness.Catalog.Find("binance")!, null, null, CancellationToken.None);
        harness.Clock.Now = SourceHarness.Now.AddDays(2);
        var second = await harness.Runner.RunAsync(harness.Catalog.Find("binance")!, null, null, CancellationToken.None);

        Assert.Equal(SourceHarness.Now.AddDays(-30).UtcDateTime.Date, first.Window.From.UtcDateTime);
        Assert.Equal(SourceHarness.Now, first.Window.To);
        Assert.Equal(new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.Zero), second.Window.From);
        Assert.Equal(SourceHarness.Now.AddDays(2), second.Window.To);
    }

    // Klines for whatever range is asked, as the exchange would page them (at most limit rows from startTime).
    private static Reply Generated(Microsoft.AspNetCore.Http.HttpRequest request, DateTimeOffset now)
    {
        var length = request.Query["interval"] == "1d" ? 86_400_000L : 3_600_000L;
        var start = long.Parse(request.Query["startTime"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(request.Query["endTime"]!, CultureInfo.InvariantCulture);
        var limit = int.Parse(request.Query["limit"]!, CultureInfo.InvariantCulture);
        var rows = new List<object[]>();
        for (var t = start; t <= end && rows.Count < limit && t <= now.ToUnixTimeMilliseconds(); t += length)
        {
            rows.Add([t, "100.0", "101.0", "99.0", "100.5", "10.0", t + length - 1, "1005.0", 10, "5.0", "502.5", "0"]);
        }

        return Reply.Text(JsonSerializer.Serialize(rows));
    }
}
