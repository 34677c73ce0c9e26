namespace ReportForge.SampleData;

/// <summary>One aggregated bucket of liquidations.</summary>
internal sealed record LiquidationBucket(DateTime Time, string Interval, string Asset, string Exchange, Side Side, decimal Usd, long Orders);

/// <summary>One forced order; Usd is Price × Quantity to the cent.</summary>
internal sealed record LiquidationOrder(DateTime Time, string Exchange, string Symbol, string Asset, Side Side, decimal Price, decimal Quantity, decimal Usd);

/// <summary>
/// Spreads each day's totals over coins, venues and (on event days) hours, after placing the day's single
/// large orders, so every bucket holds at least the orders listed inside it and the day adds up to the cent.
/// </summary>
internal sealed class LiquidationBuilder(CandleBook candles, int seed)
{
    private const decimal MinimumOrderUsd = 100_000m;

    private readonly Rng _rng = new(seed);

    public List<LiquidationOrder> Orders { get; } = [];

    public List<LiquidationBucket> Buckets { get; } = [];

    public void Build(IReadOnlyList<LiquidationDay> days)
    {
        foreach (var day in days)
        {
            var orders = day.SingleOrders > 0 ? SingleOrders(day) : [];
            Orders.AddRange(orders);
            Buckets.AddRange(day.Hourly ? HourlyBuckets(day, orders) : DailyBuckets(day));
        }
    }

    private List<LiquidationOrder> SingleOrders(LiquidationDay day)
    {
        var orders = new List<LiquidationOrder>();
        var keys = new HashSet<(string, DateTime, Side, decimal, decimal)>();
        foreach (var published in LiquidationPlan.PublishedOrders.Where(p => Iso.DayOf(p.Hour) == day.Day))
        {
            var bar = candles.Hour(published.Asset, published.Hour);
            var asset = Assets.Get(published.Asset);

            // A long is forced out near the hour's low.
            var price = Num.Round((double)bar.Low + ((double)(bar.High - bar.Low) * 0.3), asset.PriceDecimals);
            var quantity = Math.Round(published.Usd / price, asset.QuantityDecimals, MidpointRounding.AwayFromZero);
            // Any fixed second inside the hour will do; the articles give no time of day.
            var time = published.Hour.AddSeconds(1_234);
            orders.Add(new LiquidationOrder(time, published.Exchange, Exchanges.Symbol(published.Exchange, published.Asset),
                published.Asset, published.Side, price, quantity, Math.Round(price * quantity, 2, MidpointRounding.AwayFromZero)));
        }

        // The list is the day's largest orders: on a bigger day the smallest listed order is bigger too.
        var floor = Math.Max(MinimumOrderUsd, Math.Round(day.Total / 10_000_000m) * 1_000m);
        var cryptoShares = day.AssetShares.Take(Assets.Crypto.Count).ToArray();
        var longFraction = (double)(day.Longs / day.Total);
        while (orders.Count < day.SingleOrders)
        {
            var side = _rng.Uniform() < longFraction ? Side.Long : Side.Short;
            var asset = Assets.Crypto[_rng.Pick(cryptoShares)];
            var exchange = Exchanges.All[_rng.Pick(day.ExchangeShares)];
            var hour = Iso.Midnight(day.Day).AddHours(_rng.Pick(HourWeights(asset.Symbol, day.Day, side)));
            var bar = candles.Hour(asset.Symbol, hour);

            // Sizes follow a Pareto tail above the floor, below the day's cap so a published largest order stays the largest.
            // The biggest positions sit in BTC and ETH on the deepest venues, and on the side that is being flushed.
            var flushed = (side == Side.Long) == (longFraction >= 0.5);
            var cap = (double)day.OrderCap * SizeFactor(asset.Symbol) * VenueFactor(exchange) * (flushed ? 1.0 : 0.15);
            double usd;
            do
            {
                usd = (double)floor * Math.Pow(1 - _rng.Uniform(), -1 / 1.1);
            }
            while (usd > Math.Max(cap, 2 * (double)floor));

            var u = _rng.Uniform() * _rng.Uniform();
            var raw = side == Side.Long
                ? (double)bar.Low + ((double)(bar.High - bar.Low) * u)
                : (double)bar.High - ((double)(bar.High - bar.Low) * u);
            var price = Math.Clamp(Num.Round(raw, asset.PriceDecimals), bar.Low, bar.High);
            var step = 1m / (decimal)Math.Pow(10, asset.QuantityDecimals);
            var quantity = Math.Max(step, Math.Round((decimal)usd / price, asset.QuantityDecimals, MidpointRounding.AwayFromZero));
            while (price * quantity < floor)
            {
                quantity += step;
            }

            var time = hour.AddSeconds(_rng.Next(3600));
            if (!keys.Add((exchange, time, side, price, quantity)))
            {
                continue;
            }

            orders.Add(new LiquidationOrder(time, exchange, Exchanges.Symbol(exchange, asset.Symbol), asset.Symbol, side, price, quantity,
                Math.Round(price * quantity, 2, MidpointRounding.AwayFromZero)));
        }

        return [.. orders.OrderBy(o => o.Time).ThenBy(o => o.Exchange, StringComparer.Ordinal)];
    }

    private IEnumerable<LiquidationBucket> HourlyBuckets(LiquidationDay day, List<LiquidationOrder> orders)
    {
        var exchanges = Exchanges.ActiveIn(day.Period);
        var midnight = Iso.Midnight(day.Day);
        var byBucket = orders.ToLookup(o => (Hour: o.Time.Date.AddHours(o.Time.Hour), o.Asset, o.Exchange, o.Side));
        foreach (var side in new[] { Side.Long, Side.Short })
        {
            var perAsset = Num.Allocate(side == Side.Long ? day.Longs : day.Shorts, day.AssetShares);
            for (var a = 0; a < Assets.LiquidationAssets.Count; a++)
            {
                var asset = Assets.LiquidationAssets[a];
                var hourWeights = HourWeights(asset, day.Day, side);
                var cells = new List<(DateTime Hour, string Exchange, double Weight, decimal Fixed, int Singles)>();
                foreach (var exchange in exchanges)
                {
                    var venue = day.ExchangeShares[Exchanges.All.ToList().IndexOf(exchange)] * _rng.LogNormal(0.15);
                    for (var h = 0; h < 24; h++)
                    {
                        var hour = midnight.AddHours(h);
                        var singles = byBucket[(hour, asset, exchange, side)].ToList();
                        cells.Add((hour, exchange, hourWeights[h] * venue * _rng.LogNormal(0.35), singles.Sum(o => o.Usd), singles.Count));
                    }
                }

                // A floor keeps every quiet bucket above zero dollars.
                var floor = cells.Average(c => c.Weight) * 1e-3;

                var rest = perAsset[a] - cells.Sum(c => c.Fixed);
                if (rest <= 0)
                {
                    throw new InvalidOperationException($"{Iso.Date(day.Day)} {asset} {side}: the single orders exceed the day's total.");
                }

                var spread = Num.Allocate(rest, [.. cells.Select(c => Math.Max(c.Weight, floor))]);
                for (var i = 0; i < cells.Count; i++)
                {
                    var cell = cells[i];
                    yield return new LiquidationBucket(cell.Hour, "1h", asset, cell.Exchange, side, cell.Fixed + spread[i],
                        cell.Singles + OrderCount(spread[i], asset, day.Period, cell.Singles == 0));
                }
            }
        }
    }

    private IEnumerable<LiquidationBucket> DailyBuckets(LiquidationDay day)
    {
        var exchanges = Exchanges.ActiveIn(day.Period);
        foreach (var side in new[] { Side.Long, Side.Short })
        {
            var perAsset = Num.Allocate(side == Side.Long ? day.Longs : day.Shorts, day.AssetShares);
            for (var a = 0; a < Assets.LiquidationAssets.Count; a++)
            {
                var asset = Assets.LiquidationAssets[a];
                var weights = exchanges.Select(e => day.ExchangeShares[Exchanges.All.ToList().IndexOf(e)] * _rng.LogNormal(0.25)).ToArray();
                var spread = Num.Allocate(perAsset[a], weights);
                for (var i = 0; i < exchanges.Count; i++)
                {
                    yield return new LiquidationBucket(Iso.Midnight(day.Day), "1d", asset, exchanges[i], side, spread[i],
                        OrderCount(spread[i], asset, day.Period, true));
                }
            }
        }
    }

    private static double SizeFactor(string asset) => asset switch
    {
        "BTC" => 1.0,
        "ETH" => 0.8,
        "SOL" => 0.35,
        "XRP" => 0.3,
        _ => 0.25,
    };

    private static double VenueFactor(string exchange) => exchange switch
    {
        "Binance" or "Bybit" or "OKX" or Exchanges.Hyperliquid => 1.0,
        "HTX" or "Bitget" => 0.5,
        _ => 0.25,
    };

    // Most forced orders are small: a few thousand dollars on average, larger for BTC than for meme coins.
    private long OrderCount(decimal usd, string asset, Period period, bool atLeastOne)
    {
        var factor = asset switch
        {
            "BTC" => 1.4,
            "ETH" => 1.15,
            "SOL" => 0.85,
            "XRP" => 0.75,
            "DOGE" => 0.65,
            _ => 0.7,
        };
        var average = (period == SampleCalendar.Early ? 2_300 : 3_000) * factor * _rng.LogNormal(0.2);
        var count = (long)Math.Round((double)usd / average);
        return atLeastOne ? Math.Max(1, count) : count;
    }

    /// <summary>How the day's liquidations of one side spread over its 24 hours: mostly into the hours that moved against that side.</summary>
    private double[] HourWeights(string asset, DateOnly day, Side side)
    {
        if (asset == Assets.Other)
        {
            // Altcoins outside the five follow the smaller majors.
            var mixed = new double[24];
            foreach (var proxy in new[] { "SOL", "XRP", "DOGE" })
            {
                var w = HourWeights(proxy, day, side);
                var sum = w.Sum();
                for (var h = 0; h < 24; h++)
                {
                    mixed[h] += w[h] / sum;
                }
            }

            return mixed;
        }

        var sigma = Assets.Get(asset).HourlyVolatility;
        var weights = new double[24];
        for (var h = 0; h < 24; h++)
        {
            var bar = candles.Hour(asset, Iso.Midnight(day).AddHours(h));
            double o = (double)bar.Open, c = (double)bar.Close, hi = (double)bar.High, lo = (double)bar.Low;
            var against = side == Side.Long
                ? Math.Max(0, Math.Log(o / c)) + (0.6 * Math.Log(Math.Min(o, c) / lo))
                : Math.Max(0, Math.Log(c / o)) + (0.6 * Math.Log(hi / Math.Max(o, c)));
            weights[h] = Math.Pow((0.3 * sigma) + against, 1.6);
        }

        return weights;
    }
}
