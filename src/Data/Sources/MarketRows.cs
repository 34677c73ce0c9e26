using ReportForge.Data.Candles;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources;

/// <summary>Checks and conversions the exchange sources share: bar sanity, finished bars, funding per 8 h.</summary>
public static class MarketRows
{
    /// <summary>A bar from exchange fields, refused (URL + field + reason) when its prices contradict each other.</summary>
    public static Candle Candle(JsonNode row, string asset, CandleInterval interval, DateTimeOffset open,
        (JsonNode Node, double Value) o, (JsonNode Node, double Value) h, (JsonNode Node, double Value) l, (JsonNode Node, double Value) c,
        double volumeUsd, string source)
    {
        if (open.ToUnixTimeMilliseconds() % (long)interval.Length().TotalMilliseconds != 0)
        {
            throw row.Fail($"open time {open:O} is not the start of a {interval.ToCode()} bar in UTC");
        }

        if (l.Value <= 0)
        {
            throw l.Node.Fail($"low {l.Value} must be above zero");
        }

        if (h.Value < Math.Max(o.Value, c.Value) || h.Value < l.Value)
        {
            throw h.Node.Fail($"high {h.Value} is below open, close or low");
        }

        if (l.Value > Math.Min(o.Value, c.Value))
        {
            throw l.Node.Fail($"low {l.Value} is above open or close");
        }

        return new Candle(asset, interval, open, o.Value, h.Value, l.Value, c.Value, volumeUsd, source);
    }

    /// <summary>Whether a bar opening at <paramref name="open"/> had closed by <paramref name="now"/> (an unfinished bar is never stored).</summary>
    public static bool IsClosed(DateTimeOffset open, CandleInterval interval, DateTimeOffset now) => open + interval.Length() <= now;

    /// <summary>Funding rates per 8 h: a rate paid every 4 h counts twice, every 1 h eight times (the schema stores per-8-h fractions).</summary>
    /// <param name="points">Funding times and per-interval rates of one symbol, any order.</param>
    public static IReadOnlyList<(DateTimeOffset Time, double RatePer8h)> PerEightHours(IEnumerable<(DateTimeOffset Time, double Rate)> points)
    {
        var sorted = points.DistinctBy(p => p.Time).OrderBy(p => p.Time).ToList();
        var result = new List<(DateTimeOffset, double)>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            // The interval a rate covers is the gap to the previous payment; the first one takes the next gap.
            var gap = i > 0 ? sorted[i].Time - sorted[i - 1].Time : i + 1 < sorted.Count ? sorted[i + 1].Time - sorted[i].Time : TimeSpan.FromHours(8);
            var hours = Math.Clamp(Math.Round(gap.TotalHours), 1, 8);
            result.Add((sorted[i].Time, sorted[i].Rate * (8 / hours)));
        }

        return result;
    }

    /// <summary>The ticker of a USD-margined symbol: BTCUSDT → BTC, ETH-USDT-SWAP → ETH.</summary>
    public static string AssetOf(string symbol)
    {
        var underscore = symbol.IndexOf('_', StringComparison.Ordinal);
        if (underscore > 0)
        {
            symbol = symbol[..underscore]; // BTCUSD_PERP, BTCUSDT_250328
        }

        var dash = symbol.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return symbol[..dash];
        }

        foreach (var quote in (ReadOnlySpan<string>)["USDT", "USDC", "BUSD", "FDUSD", "USD"])
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                return symbol[..^quote.Length];
            }
        }

        return symbol;
    }
}
