using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ReportForge.Data.Tests.Sources;

/// <summary>A field of a recorded response replaced by a value of the wrong type, and what the error must name.</summary>
public sealed record WrongField(Func<HttpRequest, bool> Target, string Find, string Replace, string Field, string Reason);

/// <summary>One source's recorded exchange: its settings, how the server answers, and the rows a good run stores.</summary>
public sealed record SourceScenario(
    string Source,
    Dictionary<string, string?> Settings,
    Func<HttpRequest, Reply> Answer,
    IReadOnlyDictionary<string, int> ExpectedRows,
    WrongField WrongType)
{
    public override string ToString() => Source;
}

/// <summary>The recorded scenarios of every ingest source (fixtures in Sources/&lt;Source&gt;/Fixtures).</summary>
public static class SourceScenarios
{
    public static IEnumerable<object[]> Names() => All.Keys.Select(k => new object[] { k });

    public static SourceScenario Get(string name) => All[name];

    private static readonly Dictionary<string, SourceScenario> All = new(StringComparer.Ordinal)
    {
        ["binance"] = new("binance",
            new() { ["Sources:Binance:SpotFallback"] = "false" },
            request => request.Path.Value switch
            {
                "/fapi/v1/klines" => Reply.Fixture("Binance", $"klines-{request.Query["interval"]}.json"),
                "/futures/data/openInterestHist" => Reply.Fixture("Binance", "open-interest.json"),
                "/fapi/v1/fundingRate" => Reply.Fixture("Binance", "funding.json"),
                "/spot/api/v3/klines" => request.Query["interval"] == "1d" ? Reply.Fixture("Binance", "spot-klines-1d.json") : Reply.Text("[]"),
                _ => Reply.WithStatus(404, """{"code":-1,"msg":"unknown path"}"""),
            },
            new Dictionary<string, int> { ["candles"] = 5, ["derivatives"] = 5 },
            new(r => r.Path == "/fapi/v1/klines" && r.Query["interval"] == "1d", "\"97700.00\",\"254321.111\"", "true,\"254321.111\"",
                "$[1][4]", "expected a number or numeric string, got the boolean true")),

        ["bybit"] = new("bybit",
            new() { ["Sources:Binance:Enabled"] = "false", ["Sources:Bybit:Enabled"] = "true", ["Sources:Bybit:Assets:0"] = "BTC" },
            request => request.Path.Value switch
            {
                "/v5/market/kline" => Reply.Fixture("Bybit", $"kline-{request.Query["interval"]}.json"),
                "/v5/market/open-interest" => Reply.Fixture("Bybit", "open-interest.json"),
                "/v5/market/funding/history" => Reply.Fixture("Bybit", "funding.json"),
                _ => Reply.WithStatus(404, """{"retCode":10001,"retMsg":"unknown path"}"""),
            },
            new Dictionary<string, int> { ["candles"] = 4, ["derivatives"] = 5 },
            new(r => r.Path == "/v5/market/kline" && r.Query["interval"] == "D", "\"100640\",\"101410\"", "{\"o\":1},\"101410\"",
                "$.result.list[1][1]", "expected a number or numeric string, got an object")),

        ["okx"] = new("okx",
            new() { ["Sources:Binance:Enabled"] = "false", ["Sources:Okx:Enabled"] = "true", ["Sources:Okx:Assets:0"] = "BTC" },
            request => request.Path.Value switch
            {
                "/api/v5/market/history-candles" => OkxPage(Reply.Fixture("Okx", $"candles-{request.Query["bar"]}.json"), request, 0),
                "/api/v5/public/open-interest" => Reply.Fixture("Okx", "open-interest.json"),
                "/api/v5/public/funding-rate-history" => OkxPage(Reply.Fixture("Okx", "funding-rate-history.json"), request, "fundingTime"),
                "/api/v5/public/instruments" => Reply.Fixture("Okx", "instruments.json"),
                _ => Reply.WithStatus(404, """{"code":"50000","msg":"unknown path"}"""),
            },
            new Dictionary<string, int> { ["candles"] = 4, ["derivatives"] = 4 },
            new(r => r.Path == "/api/v5/public/funding-rate-history", "\"fundingTime\":\"1738540800000\"", "\"fundingTime\":\"yesterday\"",
                "$.data[1].fundingTime", "expected a whole number, got the string \"yesterday\"")),

        ["coinglass"] = new("coinglass",
            new()
            {
                ["Sources:CoinGlass:Enabled"] = "true", ["Sources:CoinGlass:ApiKey"] = "test-key", ["Sources:CoinGlass:IncludeOrders"] = "true",
                ["Sources:CoinGlass:Assets:0"] = "BTC", ["Sources:CoinGlass:Exchanges:0"] = "Binance",
            },
            request => request.Headers["CG-API-KEY"] != "test-key"
                ? Reply.WithStatus(401, """{"code":"401","msg":"API key missing or invalid"}""")
                : request.Path.Value switch
                {
                    "/api/futures/liquidation/aggregated-history" => Reply.Fixture("CoinGlass", "aggregated-history.json"),
                    "/api/futures/liquidation/order" => Reply.Fixture("CoinGlass", "order.json"),
                    "/api/futures/liquidation/exchange-list" => Reply.Fixture("CoinGlass", "exchange-list.json"),
                    _ => Reply.WithStatus(404, """{"code":"404","msg":"unknown path"}"""),
                },
            new Dictionary<string, int> { ["liquidations"] = 4, ["liquidation_orders"] = 2, ["liquidation_snapshots"] = 2 },
            new(r => r.Path == "/api/futures/liquidation/aggregated-history", "\"aggregated_long_liquidation_usd\":881203344.5", "\"aggregated_long_liquidation_usd\":\"n/a\"",
                "$.data[1].aggregated_long_liquidation_usd", "expected a number or numeric string, got the string \"n/a\"")),

        ["coingecko"] = new("coingecko",
            new() { ["Sources:CoinGecko:Coins:BTC"] = "bitcoin" },
            request => request.Path.Value switch
            {
                "/api/v3/coins/bitcoin/market_chart/range" => Reply.Fixture("CoinGecko", "market-chart-range.json"),
                "/api/v3/global" => Reply.Fixture("CoinGecko", "global.json"),
                _ => Reply.WithStatus(404, """{"error":"not found"}"""),
            },
            new Dictionary<string, int> { ["coin_market_days"] = 3, ["market_days"] = 1 },
            new(r => r.Path == "/api/v3/global", "\"usd\":3214567890123.45", "\"usd\":\"lots\"",
                "$.data.total_market_cap.usd", "expected a number or numeric string, got the string \"lots\"")),

        ["fred"] = new("fred",
            [],
            request => request.Path.Value == "/graph/fredgraph.csv" && request.Query["id"] == "NASDAQ100"
                ? Reply.Fixture("Fred", "NASDAQ100.csv", "text/csv")
                : Reply.WithStatus(404, "<html>Not found</html>"),
            new Dictionary<string, int> { ["candles"] = 4 },
            new(r => r.Path == "/graph/fredgraph.csv", "2025-01-29,21411.34", "2025-01-29,n/a", "line 6, NASDAQ100", "'n/a' is not a positive number")),

        ["feeds"] = new("feeds",
            new()
            {
                ["Sources:Feeds:Feeds:0:Name"] = "Crypto News", ["Sources:Feeds:Feeds:0:Url"] = "{base}rss.xml", ["Sources:Feeds:Feeds:0:Category"] = "news",
                ["Sources:Feeds:Feeds:1:Name"] = "Macro Wire", ["Sources:Feeds:Feeds:1:Url"] = "{base}atom.xml", ["Sources:Feeds:Feeds:1:Category"] = "macro",
            },
            request => request.Path.Value switch
            {
                "/rss.xml" => Reply.Fixture("Feeds", "rss.xml", "application/rss+xml"),
                "/atom.xml" => Reply.Fixture("Feeds", "atom.xml", "application/atom+xml"),
                _ => Reply.WithStatus(404, "<html>Not found</html>"),
            },
            new Dictionary<string, int> { ["catalysts"] = 4 },
            new(r => r.Path == "/rss.xml", "Sun, 02 Feb 2025 21:40:00 +0000", "yesterday", "item[0].pubDate", "'yesterday' is not an RFC-822 date")),
    };

    /// <summary>OKX pages backwards: only rows older than the 'after' cursor, as the exchange does.</summary>
    private static Reply OkxPage(Reply full, HttpRequest request, object timeField)
    {
        if (!long.TryParse(request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            return full;
        }

        var root = JsonNode.Parse(full.Body)!.AsObject();
        var rows = root["data"]!.AsArray();
        foreach (var row in rows.ToList())
        {
            var time = timeField is string field ? row![field] : row![(int)timeField];
            if (long.TryParse(time!.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var ts) && ts >= after)
            {
                rows.Remove(row);
            }
        }

        return full with { Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }

    /// <summary>The settings with {base} replaced by the server's address.</summary>
    public static Dictionary<string, string?> SettingsFor(SourceScenario scenario, FixtureServer server, IDictionary<string, string?>? extra = null)
    {
        var settings = scenario.Settings.ToDictionary(p => p.Key, p => p.Value?.Replace("{base}", server.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
