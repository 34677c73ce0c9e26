using System.Globalization;

namespace ReportForge.Data.Tests.Sources;

/// <summary>What each exchange's format needs beyond the shared behaviour: order of rows, closed-bar flags, units, cursors, keys.</summary>
public sealed class ExchangeSourceTests
{
    private sealed record CandleRow
    {
        public string Interval { get; init; } = "";
        public long Time { get; init; }
        public double Open { get; init; }
        public double VolumeUsd { get; init; }
    }

    private sealed record DerivativesRow
    {
        public long Time { get; init; }
        public double? Oi { get; init; }
        public double? Funding { get; init; }
    }

    private static async Task<(FixtureServer Server, SourceHarness Harness)> RunAsync(string source)
    {
        var scenario = SourceScenarios.Get(source);
        var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server));
        var outcome = await harness.RunAsync(source);
        Assert.Equal("succeeded", outcome.Outcome);
        return (server, harness);
    }

    private static string Hour(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("MM-dd'T'HH", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Bybit_drops_the_unclosed_newest_row_and_values_open_interest_at_the_hours_price()
    {
        var (server, harness) = await RunAsync("bybit");
        await using var s = server;
        await using var h = harness;

        var candles = await harness.QueryAsync<CandleRow>("SELECT interval, time, open, volume_usd AS VolumeUsd FROM candles ORDER BY interval, time");
        Assert.Equal(["02-01T00", "02-02T00", "02-03T10", "02-03T11"], candles.Select(c => Hour(c.Time)));
        Assert.Equal(11900000000, candles[1].VolumeUsd);
        var oi = await harness.QueryAsync<DerivativesRow>("SELECT time, open_interest_usd AS Oi FROM derivatives WHERE open_interest_usd IS NOT NULL ORDER BY time");
        Assert.Equal([50987.001 * 95010, 50123.456 * 94090], oi.Select(o => o.Oi!.Value));
        var funding = await harness.QueryAsync<double>("SELECT funding_rate FROM derivatives WHERE funding_rate IS NOT NULL ORDER BY time");
        Assert.Equal([0.0001, -0.00002, 0.0001], funding);
    }

    [Fact]
    public async Task Okx_asks_for_UTC_days_keeps_confirmed_bars_only_and_pages_back_with_the_after_cursor()
    {
        var (server, harness) = await RunAsync("okx");
        await using var s = server;
        await using var h = harness;

        var candles = await harness.QueryAsync<CandleRow>("SELECT interval, time, open FROM candles ORDER BY interval, time");
        Assert.Equal(["02-01T00", "02-02T00", "02-03T10", "02-03T11"], candles.Select(c => Hour(c.Time)));
        var daily = server.Requests.Where(r => r.Path == "/api/v5/market/history-candles" && r.Query["bar"] == "1Dutc").ToList();
        Assert.Equal(2, daily.Count); // the page, then an empty page older than its oldest row
        Assert.Equal(SourceHarness.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), daily[0].Query["after"]);
        Assert.Equal("1738368000000", daily[1].Query["after"]);
        // realizedRate (what was paid) wins over the announced fundingRate.
        var funding = await harness.QueryAsync<double>("SELECT funding_rate FROM derivatives WHERE funding_rate IS NOT NULL ORDER BY time");
        Assert.Equal([0.0001, -0.00003, 0.00009], funding);
        Assert.Equal([2419200000.0], await harness.QueryAsync<double>("SELECT open_interest_usd FROM derivatives WHERE open_interest_usd IS NOT NULL"));
    }

    private sealed record OrderRow
    {
        public string Exchange { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public double Quantity { get; init; }
    }

    [Fact]
    public async Task CoinGlass_sends_the_key_maps_side_2_to_longs_and_keeps_the_24h_list_as_a_snapshot()
    {
        var (server, harness) = await RunAsync("coinglass");
        await using var s = server;
        await using var h = harness;

        Assert.All(server.Requests, r => Assert.Equal("test-key", r.Headers.GetValueOrDefault("CG-API-KEY")));
        var orders = await harness.QueryAsync<OrderRow>("SELECT exchange, side, usd, quantity FROM liquidation_orders ORDER BY usd DESC");
        Assert.Equal(("Binance", "long", 25600000.0), (orders[0].Exchange, orders[0].Side, orders[0].Usd));
        Assert.Equal(25600000.0 / 97535.9, orders[0].Quantity, 6);
        Assert.Equal("short", orders[1].Side);
        var longs = await harness.QueryAsync<double>("SELECT usd FROM liquidations WHERE side = 'long' ORDER BY time");
        Assert.Equal([35916885.14, 881203344.5], longs); // 3 Feb is still filling at noon: not stored
        Assert.Equal([2030000000.0], await harness.QueryAsync<double>("SELECT usd FROM liquidation_snapshots WHERE exchange = 'All'"));
    }

    [Fact]
    public async Task CoinGlass_reports_a_refused_key_as_unauthorized()
    {
        var scenario = SourceScenarios.Get("coinglass");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server,
            SourceScenarios.SettingsFor(scenario, server, new Dictionary<string, string?> { ["Sources:CoinGlass:ApiKey"] = "expired-key" }));

        var outcome = await harness.RunAsync("coinglass");

        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("HTTP 401 unauthorized", outcome.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    private sealed record CoinDay
    {
        public string Date { get; init; } = "";
        public double? Price { get; init; }
    }

    [Fact]
    public async Task CoinGecko_sends_the_demo_key_keeps_midnight_points_only_and_dates_the_global_snapshot()
    {
        var scenario = SourceScenarios.Get("coingecko");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server,
            SourceScenarios.SettingsFor(scenario, server, new Dictionary<string, string?> { ["Sources:CoinGecko:ApiKey"] = "CG-demo" }));

        await harness.RunAsync("coingecko");

        Assert.All(server.Requests, r => Assert.Equal("CG-demo", r.Headers.GetValueOrDefault("x-cg-demo-api-key")));
        var chart = server.Requests.Single(r => r.Path.EndsWith("/range", StringComparison.Ordinal));
        Assert.Equal(SourceHarness.Window.From.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), chart.Query["from"]); // seconds, not ms
        var days = await harness.QueryAsync<CoinDay>("SELECT date, price_usd AS Price FROM coin_market_days ORDER BY date");
        Assert.Equal(["2025-02-01", "2025-02-02", "2025-02-03"], days.Select(d => d.Date));
        Assert.Equal(97702.12, days[2].Price);
        Assert.Equal(["2025-02-03"], await harness.QueryAsync<string>("SELECT date FROM market_days"));
    }

    [Fact]
    public async Task Fred_stores_closes_as_flat_daily_candles_skips_holidays_and_refuses_an_html_page()
    {
        var (server, harness) = await RunAsync("fred");
        await using var s = server;
        await using var h = harness;

        Assert.Equal(["2025-01-27", "2025-01-29", "2025-01-30", "2025-01-31"],
            (await harness.QueryAsync<long>("SELECT time FROM candles WHERE asset = 'NDX' AND interval = '1d' AND open = high AND high = low AND low = close ORDER BY time"))
            .Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        server.Handler = _ => Reply.Text("<!DOCTYPE html><html><body>Please verify you are human</body></html>\n", "text/html");
        var outcome = await harness.RunAsync("fred");
        Assert.Equal("failed", outcome.Outcome);
        Assert.Contains("field '(header)'", outcome.Error, StringComparison.Ordinal);
    }

    private sealed record CatalystRow
    {
        public long Time { get; init; }
        public string Title { get; init; } = "";
        public string Category { get; init; } = "";
        public string Summary { get; init; } = "";
        public string Url { get; init; } = "";
    }

    [Fact]
    public async Task Feeds_store_each_story_once_by_link_even_when_the_feed_edits_its_title_later()
    {
        var (server, harness) = await RunAsync("feeds");
        await using var s = server;
        await using var h = harness;

        var first = await harness.QueryAsync<CatalystRow>("SELECT time, title, category, summary, url FROM catalysts ORDER BY time");
        Assert.Equal(4, first.Count);
        var tariffs = first.Single(c => c.Url.EndsWith("bitcoin-slides-tariffs", StringComparison.Ordinal));
        Assert.Equal("Bitcoin fell below $95,000 & ether dropped 20% as trade-war fears spread.", tariffs.Summary);
        Assert.Equal("news", tariffs.Category);
        Assert.Equal("macro", first.Single(c => c.Title.StartsWith("Fed holds", StringComparison.Ordinal)).Category);
        Assert.Contains(first, c => c.Url == "https://news.example.com/markets/2025/01/31/ether-etf-inflows"); // a permalink guid stands in for the link
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 21, 5, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), first.Single(c => c.Title.StartsWith("Ether ETFs", StringComparison.Ordinal)).Time);

        var rss = File.ReadAllText(Reply.FixturePath("Feeds", "rss.xml"))
            .Replace("<title>Bitcoin slides as U.S. tariffs on Canada, Mexico and China take effect</title>", "<title>Bitcoin slides below $95K as tariffs take effect (updated)</title>", StringComparison.Ordinal)
            .Replace("Sun, 02 Feb 2025 21:40:00 +0000", "Sun, 02 Feb 2025 23:10:00 +0000", StringComparison.Ordinal);
        var scenario = SourceScenarios.Get("feeds");
        server.Handler = request => request.Path == "/rss.xml" ? Reply.Text(rss, "application/rss+xml") : scenario.Answer(request);
        var again = await harness.RunAsync("feeds");

        Assert.Equal("succeeded", again.Outcome);
        Assert.Equal(0, again.Rows["catalysts"]);
        Assert.Equal(4, await harness.CountAsync("catalysts"));
    }

    [Fact]
    public async Task Feeds_keep_only_headlines_with_a_configured_keyword()
    {
        var scenario = SourceScenarios.Get("feeds");
        await using var server = await FixtureServer.StartAsync();
        server.Handler = scenario.Answer;
        await using var harness = await SourceHarness.CreateAsync(server, SourceScenarios.SettingsFor(scenario, server,
            new Dictionary<string, string?> { ["Sources:Feeds:Feeds:0:Keywords:0"] = "tariff", ["Sources:Feeds:Feeds:1:Keywords:0"] = "TARIFF" }));

        await harness.RunAsync("feeds");

        Assert.Equal(2, await harness.CountAsync("catalysts"));
    }
}
