using System.Globalization;
using ReportForge.Data.Candles;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.CoinGlass;

/// <summary>CoinGlass API v4 liquidation endpoints, one page per call; every request carries the CG-API-KEY header.</summary>
public sealed class CoinGlassClient(SourceHttpClient http, CoinGlassOptions options, TimeProvider clock)
{
    public const int HistoryLimit = 1000;

    /// <summary>The order endpoint returns at most this many rows per call.</summary>
    public const int OrderLimit = 200;

    private readonly Dictionary<string, string> _headers = new(StringComparer.Ordinal) { ["CG-API-KEY"] = options.ApiKey ?? "" };

    /// <summary>Finished long/short buckets of one coin on one exchange opening in [from, to), oldest first.</summary>
    public async Task<IReadOnlyList<LiquidationBucket>> AggregatedHistoryAsync(string asset, string exchange, CandleInterval interval,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/futures/liquidation/aggregated-history",
            $"exchange_list={Uri.EscapeDataString(exchange)}&symbol={asset}&interval={interval.ToCode()}&start_time={SourceUrl.Ms(from)}&end_time={to.ToUnixTimeMilliseconds() - 1}&limit={HistoryLimit}");
        using var json = (await http.GetAsync(url, 1, _headers, cancellationToken)).Json();
        var now = clock.GetUtcNow();
        var buckets = new List<LiquidationBucket>();
        foreach (var row in Data(json.Root).Items())
        {
            var time = row["time"].Millis();
            if (time < from || time >= to || !MarketRows.IsClosed(time, interval, now))
            {
                continue; // the current bucket is still filling
            }

            var longUsd = NonNegative(row["aggregated_long_liquidation_usd"]);
            var shortUsd = NonNegative(row["aggregated_short_liquidation_usd"]);
            buckets.Add(new LiquidationBucket(time, interval, asset, exchange, LiquidationSide.Long, longUsd, null, CoinGlassSource.SourceName));
            buckets.Add(new LiquidationBucket(time, interval, asset, exchange, LiquidationSide.Short, shortUsd, null, CoinGlassSource.SourceName));
        }

        return buckets.OrderBy(b => b.Time).ToList();
    }

    /// <summary>The rolling 24 h liquidation totals per exchange (including "All"), all coins.</summary>
    public async Task<IReadOnlyList<LiquidationSnapshot>> ExchangeListAsync(CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/futures/liquidation/exchange-list", "range=24h");
        using var json = (await http.GetAsync(url, 1, _headers, cancellationToken)).Json();
        var takenAt = SourceUrl.Floor(clock.GetUtcNow(), TimeSpan.FromMinutes(1));
        return Data(json.Root).Items().Select(r => new LiquidationSnapshot(takenAt, "24h", r["exchange"].Text(),
            NonNegative(r["liquidation_usd"]), NonNegative(r["long_liquidation_usd"]), NonNegative(r["short_liquidation_usd"]), CoinGlassSource.SourceName)).ToList();
    }

    /// <summary>Single liquidation orders of a coin on an exchange in [from, to) of at least the configured size (Standard plan and above).</summary>
    public async Task<IReadOnlyList<LiquidationOrder>> OrdersAsync(string asset, string exchange, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/futures/liquidation/order",
            string.Create(CultureInfo.InvariantCulture,
                $"exchange={Uri.EscapeDataString(exchange)}&symbol={asset}&min_liquidation_amount={options.MinOrderUsd}&start_time={SourceUrl.Ms(from)}&end_time={to.ToUnixTimeMilliseconds() - 1}"));
        using var json = (await http.GetAsync(url, 1, _headers, cancellationToken)).Json();
        var orders = new List<LiquidationOrder>();
        foreach (var row in Data(json.Root).Items())
        {
            var price = row["price"].Number();
            if (price <= 0)
            {
                throw row["price"].Fail($"price {price} must be above zero");
            }

            var usd = NonNegative(row["usd_value"]);
            var sideNode = row["side"];
            var side = sideNode.Integer() switch
            {
                2 => LiquidationSide.Long, // a sell order closed a long
                1 => LiquidationSide.Short,
                var other => throw sideNode.Fail($"side {other} is neither 1 (short liquidated) nor 2 (long liquidated)"),
            };
            var symbol = row["symbol"].Text();
            orders.Add(new LiquidationOrder(row["time"].Millis(), ExchangeName(row["exchange_name"].Text()), symbol,
                row.Optional("base_asset")?.Text() ?? MarketRows.AssetOf(symbol), side, price, usd / price, usd, CoinGlassSource.SourceName));
        }

        return orders;
    }

    /// <summary>CoinGlass writes BINANCE or Binance; stored exchange names are the usual capitalisation.</summary>
    public static string ExchangeName(string name) => name.ToUpperInvariant() switch
    {
        "BINANCE" => "Binance",
        "BYBIT" => "Bybit",
        "OKX" or "OKEX" => "OKX",
        "BITGET" => "Bitget",
        "HYPERLIQUID" => "Hyperliquid",
        "GATE" or "GATEIO" => "Gate",
        "HTX" or "HUOBI" => "HTX",
        "BITMEX" => "BitMEX",
        "DERIBIT" => "Deribit",
        _ => name,
    };

    private static double NonNegative(JsonNode node)
    {
        var value = node.Number();
        return value >= 0 ? value : throw node.Fail($"{value} is negative; a liquidated amount cannot be");
    }

    private static JsonNode Data(JsonNode root)
    {
        var code = root["code"];
        var text = code.Element.ValueKind == System.Text.Json.JsonValueKind.String ? code.Text() : code.Integer().ToString(CultureInfo.InvariantCulture);
        if (text != "0")
        {
            throw code.Fail($"CoinGlass answered code {text}: {root.Optional("msg")?.Element.ToString()}");
        }

        return root["data"];
    }
}
