using ReportForge.Data.Candles;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Bybit;

/// <summary>Bybit v5 REST market data, one page per call.</summary>
public sealed class BybitClient(SourceHttpClient http, BybitOptions options, TimeProvider clock)
{
    public const int KlineLimit = 1000;
    public const int PageLimit = 200;

    /// <summary>Closed bars opening in [from, to) (at most <see cref="KlineLimit"/>), oldest first; the newest, unclosed bar is dropped.</summary>
    public async Task<IReadOnlyList<Candle>> KlinesAsync(string symbol, string asset, CandleInterval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var code = interval == CandleInterval.OneDay ? "D" : "60";
        var url = SourceUrl.Of(options.BaseUrl, "v5/market/kline",
            $"category={options.Category}&symbol={symbol}&interval={code}&start={SourceUrl.Ms(from)}&end={to.ToUnixTimeMilliseconds() - 1}&limit={KlineLimit}");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        var now = clock.GetUtcNow();
        var candles = new List<Candle>();
        foreach (var row in Result(json.Root)["list"].Items())
        {
            var open = row[0].Millis();
            if (!MarketRows.IsClosed(open, interval, now) || open < from || open >= to)
            {
                continue;
            }

            candles.Add(MarketRows.Candle(row, asset, interval, open,
                (row[1], row[1].Number()), (row[2], row[2].Number()), (row[3], row[3].Number()), (row[4], row[4].Number()),
                row[6].Number(), BybitSource.SourceName));
        }

        candles.Reverse(); // Bybit lists newest first
        return candles;
    }

    /// <summary>Open interest (in coins) in [from, to) and the cursor of the next page, if any.</summary>
    public async Task<(IReadOnlyList<(DateTimeOffset Time, double Coins)> Points, string? Cursor)> OpenInterestAsync(
        string symbol, DateTimeOffset from, DateTimeOffset to, string? cursor, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "v5/market/open-interest",
            $"category={options.Category}&symbol={symbol}&intervalTime=1h&startTime={SourceUrl.Ms(from)}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={PageLimit}"
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        var result = Result(json.Root);
        var points = result["list"].Items().Select(r => (r["timestamp"].Millis(), r["openInterest"].Number())).ToList();
        var next = result.Optional("nextPageCursor")?.Text();
        return (points, string.IsNullOrEmpty(next) || points.Count == 0 ? null : next);
    }

    /// <summary>Funding payments in [from, to), newest first as Bybit lists them, at most <see cref="PageLimit"/>.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Time, double Rate)>> FundingAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "v5/market/funding/history",
            $"category={options.Category}&symbol={symbol}&startTime={SourceUrl.Ms(from)}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={PageLimit}");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        return Result(json.Root)["list"].Items().Select(r => (r["fundingRateTimestamp"].Millis(), r["fundingRate"].Number())).ToList();
    }

    private static JsonNode Result(JsonNode root)
    {
        var code = root["retCode"];
        if (code.Integer() != 0)
        {
            throw code.Fail($"Bybit answered retCode {code.Integer()}: {root.Optional("retMsg")?.Element.ToString()}");
        }

        return root["result"];
    }
}
