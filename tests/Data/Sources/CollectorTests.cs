using ReportForge.Data.Sources.Collectors;
using Microsoft.Extensions.DependencyInjection;

namespace ReportForge.Data.Tests.Sources;

/// <summary>The liquidation collectors against a real WebSocket server on 127.0.0.1 replaying recorded messages.</summary>
public sealed class CollectorTests
{
    private sealed record OrderRow
    {
        public string Exchange { get; init; } = "";
        public string Symbol { get; init; } = "";
        public string Asset { get; init; } = "";
        public string Side { get; init; } = "";
        public double Price { get; init; }
        public double Quantity { get; init; }
        public double Usd { get; init; }
        public long Time { get; init; }
        public string Source { get; init; } = "";
    }

    private sealed record BucketRow
    {
        public long Time { get; init; }
        public string Asset { get; init; } = "";
        public string Exchange { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public long Orders { get; init; }
        public long Tracked { get; init; }
    }

    private static Dictionary<string, string?> Streams(FixtureServer server, string only, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sources:Collectors:Enabled"] = "true",
            ["Sources:Collectors:Binance:Enabled"] = (only == "Binance").ToString(),
            ["Sources:Collectors:Binance:Url"] = server.WebSocketUrl("/market/ws/!forceOrder@arr").AbsoluteUri,
            ["Sources:Collectors:Bybit:Enabled"] = (only == "Bybit").ToString(),
            ["Sources:Collectors:Bybit:Url"] = server.WebSocketUrl("/v5/public/linear").AbsoluteUri,
            ["Sources:Collectors:Bybit:Symbols:0"] = "BTCUSDT",
            ["Sources:Collectors:Bybit:Symbols:1"] = "ETHUSDT",
            ["Sources:Collectors:Okx:Enabled"] = (only == "Okx").ToString(),
            ["Sources:Collectors:Okx:Url"] = server.WebSocketUrl("/ws/v5/public").AbsoluteUri,
            ["Sources:Collectors:ReconnectDelay"] = "00:00:00.020",
            ["Sources:Collectors:MaxReconnectDelay"] = "00:00:00.100",
            ["Sources:Collectors:FlushInterval"] = "00:00:00.050",
            ["Sources:Collectors:PingInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task Until(Func<bool> condition, string what, CollectorSet? set = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}" + (set is null ? "" :
                $" (connections {set.Collectors[0].Connections}, messages {set.Collectors[0].Messages}, stored {set.Sink.StoredOrders}, pending {set.Sink.Pending}, duplicates {set.Sink.Duplicates})"));
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Binance_collector_turns_SELL_into_longs_reconnects_after_a_drop_and_stores_each_order_once()
    {
        var script = new StreamScript();
        var recorded = StreamScript.Recorded("Binance", "force-orders.jsonl");
        script.Connections.Add(new(recorded.Take(2).ToList(), StreamEnd.Drop));
        script.Connections.Add(new(recorded, StreamEnd.Hold)); // replays the first two again, then two new ones
        await using var server = await FixtureServer.StartAsync(script.HandleAsync);
        await using var harness = await SourceHarness.CreateAsync(server, Streams(server, "Binance"));
        var set = harness.Services.GetRequiredService<CollectorSet>();
        using var stop = new CancellationTokenSource();

        var running = set.RunAsync(stop.Token);
        await Until(() => set.Collectors[0].Messages == 6 && set.Sink.Pending == 0 && set.Sink.StoredOrders == 4, "six messages, four orders stored", set);
        await stop.CancelAsync();
        await running;

        Assert.Equal(2, set.Collectors[0].Connections);
        Assert.Equal(2, set.Sink.Duplicates);
        var orders = await harness.QueryAsync<OrderRow>("SELECT * FROM liquidation_orders ORDER BY time");
        Assert.Equal(4, orders.Count);
        Assert.Equal(("Binance", "BTCUSDT", "BTC", "long", 94050.00, 0.5), (orders[0].Exchange, orders[0].Symbol, orders[0].Asset, orders[0].Side, orders[0].Price, orders[0].Quantity));
        Assert.Equal(47025.0, orders[0].Usd, 6); // average price × filled quantity
        Assert.Equal(("ETH", "short", 12 * 2805.25), (orders[1].Asset, orders[1].Side, orders[1].Usd)); // BUY closed a short; {stream,data} unwrapped
        Assert.All(orders, o => Assert.Equal("exchange-streams", o.Source));

        var buckets = await harness.QueryAsync<BucketRow>("SELECT * FROM liquidations ORDER BY time, asset, side");
        Assert.Equal(3, buckets.Count);
        var btc = buckets.Single(b => b.Asset == "BTC");
        Assert.Equal((new DateTimeOffset(2025, 2, 3, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), "long", 2L, 1L), (btc.Time, btc.Side, btc.Orders, btc.Tracked));
        Assert.Equal(47025.0 + (0.01 * 93995.5), btc.Usd, 6);
        Assert.Equal(["exchange-streams"], await harness.QueryAsync<string>("SELECT name FROM sources WHERE tracked = 1"));
        var gap = Assert.Single(await harness.QueryAsync<string>("SELECT collector FROM collector_gaps"));
        Assert.Equal("Binance", gap);
    }

    [Fact]
    public async Task Collectors_flush_every_waiting_order_on_shutdown()
    {
        var script = new StreamScript();
        script.Connections.Add(new(StreamScript.Recorded("Binance", "force-orders.jsonl"), StreamEnd.Hold));
        await using var server = await FixtureServer.StartAsync(script.HandleAsync);
        await using var harness = await SourceHarness.CreateAsync(server, Streams(server, "Binance", new()
        {
            ["Sources:Collectors:FlushInterval"] = "00:10:00",
            ["Sources:Collectors:BatchSize"] = "10000",
        }));
        var set = harness.Services.GetRequiredService<CollectorSet>();
        using var stop = new CancellationTokenSource();

        var running = set.RunAsync(stop.Token);
        await Until(() => set.Collectors[0].Messages == 4, "four messages");
        Assert.Equal(4, set.Sink.Pending);
        Assert.Equal(0, await harness.CountAsync("liquidation_orders"));
        await stop.CancelAsync();
        await running;

        Assert.Equal(4, await harness.CountAsync("liquidation_orders"));
        Assert.Equal(0, set.Sink.Pending);
        Assert.Equal(3, await harness.CountAsync("liquidations"));
    }

    [Fact]
    public async Task Bybit_collector_subscribes_per_symbol_pings_and_reads_Buy_as_a_liquidated_long()
    {
        var script = new StreamScript { AwaitSubscription = true };
        script.Connections.Add(new(StreamScript.Recorded("Bybit", "all-liquidation.jsonl"), StreamEnd.Hold));
        await using var server = await FixtureServer.StartAsync(script.HandleAsync);
        await using var harness = await SourceHarness.CreateAsync(server, Streams(server, "Bybit"));
        var set = harness.Services.GetRequiredService<CollectorSet>();
        using var stop = new CancellationTokenSource();

        var running = set.RunAsync(stop.Token);
        await Until(() => set.Sink.StoredOrders == 3 && script.Received.Any(r => r.Text.Contains("\"ping\"", StringComparison.Ordinal)), "three orders and a ping");
        await stop.CancelAsync();
        await running;

        Assert.Equal("""{"op":"subscribe","args":["allLiquidation.BTCUSDT","allLiquidation.ETHUSDT"]}""", script.Received.First().Text);
        Assert.Equal(0, set.Collectors[0].BadMessages);
        var orders = await harness.QueryAsync<OrderRow>("SELECT * FROM liquidation_orders ORDER BY time");
        Assert.Equal([("BTC", "long"), ("BTC", "short"), ("ETH", "long")], orders.Select(o => (o.Asset, o.Side)));
        Assert.Equal(0.25 * 94011.5, orders[0].Usd, 6);
        Assert.Equal(3.5 * 2806.1, orders[2].Usd, 6);
    }

    [Fact]
    public async Task Okx_collector_turns_contracts_into_coins_and_usd_with_each_instruments_ctVal()
    {
        var script = new StreamScript { AwaitSubscription = true };
        script.Connections.Add(new(StreamScript.Recorded("Okx", "liquidation-orders.jsonl"), StreamEnd.Hold));
        await using var server = await FixtureServer.StartAsync(script.HandleAsync);
        server.Handler = SourceScenarios.Get("okx").Answer; // the instrument list (ctVal) over HTTP
        await using var harness = await SourceHarness.CreateAsync(server, Streams(server, "Okx"));
        var set = harness.Services.GetRequiredService<CollectorSet>();
        using var stop = new CancellationTokenSource();

        var running = set.RunAsync(stop.Token);
        await Until(() => set.Sink.StoredOrders == 3 && set.Collectors[0].Messages == 5, "three orders");
        await stop.CancelAsync();
        await running;

        Assert.Equal("""{"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"}]}""", script.Received.First().Text);
        Assert.Equal(0, set.Collectors[0].BadMessages);
        var orders = await harness.QueryAsync<OrderRow>("SELECT * FROM liquidation_orders ORDER BY time");
        // Linear: 12 contracts × 0.01 BTC. Inverse: 5 contracts × $100. Net mode: a sell closed a long.
        Assert.Equal(("BTC-USDT-SWAP", "long", 0.12), (orders[0].Symbol, orders[0].Side, Math.Round(orders[0].Quantity, 10)));
        Assert.Equal(0.12 * 91850.1, orders[0].Usd, 6);
        Assert.Equal(("BTC-USD-SWAP", "short", 500.0), (orders[1].Symbol, orders[1].Side, orders[1].Usd));
        Assert.Equal(500 / 94100.5, orders[1].Quantity, 10);
        Assert.Equal(("ETH", "long"), (orders[2].Asset, orders[2].Side));
        Assert.Equal(3 * 2801.2, orders[2].Usd, 6);
        Assert.All(orders, o => Assert.Equal("OKX", o.Exchange));
    }

    [Fact]
    public async Task Collector_renews_its_connection_before_the_age_limit_without_a_gap_or_a_duplicate()
    {
        var script = new StreamScript();
        var recorded = StreamScript.Recorded("Binance", "force-orders.jsonl");
        // Each connection re-sends the previous connection's order and adds a new one, as a stream does around a renewal.
        for (var i = 0; i < recorded.Count; i++)
        {
            script.Connections.Add(new(i == 0 ? [recorded[0]] : [recorded[i - 1], recorded[i]], StreamEnd.Hold));
        }

        await using var server = await FixtureServer.StartAsync(script.HandleAsync);
        await using var harness = await SourceHarness.CreateAsync(server, Streams(server, "Binance", new() { ["Sources:Collectors:MaxConnectionAge"] = "00:00:00.500" }));
        // The age limit is measured on the harness clock; let it run with real time for this test.
        harness.Clock.Follow = true;
        var set = harness.Services.GetRequiredService<CollectorSet>();
        using var stop = new CancellationTokenSource();

        var running = set.RunAsync(stop.Token);
        await Until(() => set.Collectors[0].Connections >= recorded.Count && set.Sink.StoredOrders == recorded.Count, "a renewal per recorded order", set);
        await stop.CancelAsync();
        await running;

        Assert.Equal(recorded.Count, await harness.CountAsync("liquidation_orders"));
        Assert.Equal(0, await harness.CountAsync("collector_gaps"));
        Assert.Equal(recorded.Count - 1, set.Sink.Duplicates); // every re-sent order was received, and dropped
    }
}
