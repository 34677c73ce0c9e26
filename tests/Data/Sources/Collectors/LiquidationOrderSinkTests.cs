using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Sources.Collectors;

public sealed class LiquidationOrderSinkSqliteTests() : LiquidationOrderSinkTests(StorageProvider.Sqlite);

public sealed class LiquidationOrderSinkPostgresTests() : LiquidationOrderSinkTests(StorageProvider.Postgres);

/// <summary>The collectors' sink on both engines: every order stored once, repeats dropped, and the hourly tracked buckets equal to the orders.</summary>
public abstract class LiquidationOrderSinkTests : IDisposable
{
    private static readonly DateTimeOffset FirstOrder = DateTimeOffset.Parse("2025-02-03T10:20:00Z", CultureInfo.InvariantCulture);

    private readonly TestDatabase _store;
    private readonly CollectorOptions _options = new();
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2025-02-03T15:00:00Z", CultureInfo.InvariantCulture));

    protected LiquidationOrderSinkTests(StorageProvider provider) => _store = new TestDatabase(provider);

    private ReportForgeDatabase Database => _store.Database;

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task FlushAsync_stores_each_order_once_with_exact_totals_when_more_than_one_statement_of_orders_is_waiting()
    {
        await MigrateAsync();
        using var sink = NewSink();
        // 150 orders: more than the 64 rows SQLite writes per statement, so full statements and the remainder both run.
        var orders = Orders(150);

        sink.Add(orders);
        Assert.Equal(150, sink.Pending);
        Assert.Equal(150, await sink.FlushAsync(CancellationToken.None));

        Assert.Equal(0, sink.Pending);
        Assert.Equal(150, sink.StoredOrders);
        Assert.Equal(0, sink.Duplicates);
        Assert.Equal((150L, orders.Sum(o => o.Usd)), await OrderTotalsAsync());
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        // The collector's own source name is replaced by the sink's, so the orders and their buckets share one source.
        Assert.Equal(_options.SourceName, Assert.Single(await connection.QueryAsync<string>("SELECT DISTINCT source FROM liquidation_orders")));
        var stored = (await connection.QueryAsync<(long Time, string Exchange, string Symbol, string Side, double Price, double Quantity, double Usd)>(
            "SELECT time, exchange, symbol, side, price, quantity, usd FROM liquidation_orders")).ToHashSet();
        Assert.Equal(
            orders.Select(o => (o.Time.ToUnixTimeMilliseconds(), o.Exchange, o.Symbol, o.Side.ToCode(), o.Price, o.Quantity, o.Usd)).ToHashSet(),
            stored);
    }

    [Fact]
    public async Task FlushAsync_rolls_the_orders_up_into_tracked_hourly_buckets_that_sum_to_the_orders_per_hour_and_side()
    {
        await MigrateAsync();
        using var sink = NewSink();
        var orders = Orders(150);

        sink.Add(orders);
        await sink.FlushAsync(CancellationToken.None);

        var buckets = await BucketsAsync();
        Assert.All(buckets, b => Assert.Equal(("1h", 1L, _options.SourceName), (b.Interval, b.Tracked, b.Source)));
        // The orders span several clock hours, so a bucket keyed on the wrong hour or a hour left out shows here.
        Assert.True(buckets.Select(b => b.Time).Distinct().Count() >= 2);
        Assert.Equal(PerHourAndSide(orders), PerHourAndSide(buckets));
        Assert.Equal(
            orders.GroupBy(o => (Hour(o.Time), o.Asset, o.Exchange, o.Side.ToCode()))
                .ToDictionary(g => g.Key, g => (g.Sum(o => o.Usd), (long)g.Count())),
            buckets.ToDictionary(b => (b.Time, b.Asset, b.Exchange, b.Side), b => (b.Usd, b.Orders)));
    }

    [Fact]
    public async Task Add_drops_the_same_orders_sent_again_so_the_next_flush_stores_nothing_and_the_totals_stay()
    {
        await MigrateAsync();
        using var sink = NewSink();
        var orders = Orders(150);
        sink.Add(orders);
        await sink.FlushAsync(CancellationToken.None);
        var before = await BucketsAsync();

        // An exchange re-sends its recent orders on reconnect; as new instances they must still count as repeats.
        _clock.Advance(TimeSpan.FromMinutes(5));
        sink.Add(Orders(150));

        Assert.Equal(150, sink.Duplicates);
        Assert.Equal(0, sink.Pending);
        Assert.Equal(0, await sink.FlushAsync(CancellationToken.None));
        Assert.Equal(150, sink.StoredOrders);
        Assert.Equal((150L, orders.Sum(o => o.Usd)), await OrderTotalsAsync());
        Assert.Equal(before, await BucketsAsync());
    }

    [Fact]
    public async Task FlushAsync_returns_zero_and_keeps_one_row_per_order_when_a_restarted_sink_receives_orders_already_stored()
    {
        await MigrateAsync();
        var orders = Orders(150);
        using (var first = NewSink())
        {
            first.Add(orders);
            Assert.Equal(150, await first.FlushAsync(CancellationToken.None));
        }

        var before = await BucketsAsync();

        // A new sink has no memory of what was seen, so only the table's natural key stands between the repeats and a double count.
        using var restarted = NewSink();
        restarted.Add(Orders(150));
        Assert.Equal(150, restarted.Pending);
        Assert.Equal(0, await restarted.FlushAsync(CancellationToken.None));

        Assert.Equal(0, restarted.StoredOrders);
        Assert.Equal((150L, orders.Sum(o => o.Usd)), await OrderTotalsAsync());
        Assert.Equal(before, await BucketsAsync());
    }

    [Fact]
    public async Task FlushAsync_recomputes_an_hour_already_rolled_up_when_a_later_batch_adds_orders_to_it()
    {
        await MigrateAsync();
        using var sink = NewSink();
        var orders = Orders(150);
        // Split inside an hour, so the second flush lands in a bucket the first one already wrote.
        var early = orders.Take(70).ToList();
        var late = orders.Skip(70).ToList();
        Assert.Contains(late, o => Hour(o.Time) == Hour(early[^1].Time));

        sink.Add(early);
        Assert.Equal(70, await sink.FlushAsync(CancellationToken.None));
        Assert.Equal(PerHourAndSide(early), PerHourAndSide(await BucketsAsync()));
        sink.Add(late);
        Assert.Equal(80, await sink.FlushAsync(CancellationToken.None));

        Assert.Equal((150L, orders.Sum(o => o.Usd)), await OrderTotalsAsync());
        Assert.Equal(PerHourAndSide(orders), PerHourAndSide(await BucketsAsync()));
    }

    private async Task MigrateAsync() => await new SchemaMigrator(Database, _clock).MigrateAsync(CancellationToken.None);

    private LiquidationOrderSink NewSink() => new(Database, _options, _clock, NullLogger<LiquidationOrderSink>.Instance);

    /// <summary>
    /// Orders 90 s apart from 10:20 (so over five clock hours), alternating sides, split over two exchanges and two assets.
    /// USD amounts are multiples of 0.25, so every sum is exact in whatever order an engine adds them.
    /// </summary>
    private static List<LiquidationOrder> Orders(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var binance = i % 3 != 0;
            var btc = i % 5 < 3;
            var price = btc ? 97_000.5 : 2_700.25;
            var quantity = 0.5 + i;
            return new LiquidationOrder(
                FirstOrder.AddSeconds(90 * i),
                binance ? "binance" : "bybit",
                btc ? "BTCUSDT" : "ETHUSDT",
                btc ? "BTC" : "ETH",
                i % 2 == 0 ? LiquidationSide.Long : LiquidationSide.Short,
                price,
                quantity,
                1_000 + (i * 12.25),
                "collector");
        }).ToList();

    private static long Hour(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000;

    private static SortedDictionary<(long Hour, string Side), (double Usd, long Orders)> PerHourAndSide(IEnumerable<LiquidationOrder> orders) =>
        new(orders.GroupBy(o => (Hour(o.Time), o.Side.ToCode())).ToDictionary(g => g.Key, g => (g.Sum(o => o.Usd), (long)g.Count())));

    private static SortedDictionary<(long Hour, string Side), (double Usd, long Orders)> PerHourAndSide(IEnumerable<Bucket> buckets) =>
        new(buckets.GroupBy(b => (b.Time, b.Side)).ToDictionary(g => g.Key, g => (g.Sum(b => b.Usd), g.Sum(b => b.Orders))));

    private async Task<(long Count, double Usd)> OrderTotalsAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(long, double)>("SELECT COUNT(*), SUM(usd) FROM liquidation_orders");
    }

    private async Task<List<Bucket>> BucketsAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<Bucket>(
            "SELECT source AS Source, time AS Time, interval AS Interval, asset AS Asset, exchange AS Exchange, side AS Side, usd AS Usd, orders AS Orders, tracked AS Tracked FROM liquidations");
        return rows.OrderBy(b => b.Time).ThenBy(b => b.Asset, StringComparer.Ordinal).ThenBy(b => b.Exchange, StringComparer.Ordinal).ThenBy(b => b.Side, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record Bucket
    {
        public string Source { get; init; } = "";
        public long Time { get; init; }
        public string Interval { get; init; } = "";
        public string Asset { get; init; } = "";
        public string Exchange { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public long Orders { get; init; }
        public long Tracked { get; init; }
    }
}
