using ReportForge.Data.Candles;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Binance;

/// <summary>Binance REST market data: klines (futures or spot), open-interest history, funding history — one page per call.</summary>
public sealed class BinanceClient(SourceHttpClient http, BinanceOptions options, TimeProvider clock)
{
    /// <summary>Rows per kline page; 1000 costs weight 5, the best rows per weight.</summary>
    public const int KlineLimit = 1000;

    /// <summary>Rows per funding page (the documented maximum).</summary>
    public const int FundingLimit = 1000;

    /// <summary>Rows per open-interest page (the documented maximum).</summary>
    public const int OpenInterestLimit = 500;

    /// <summary>Closed bars of a symbol opening in [from, to), oldest first, at most <see cref="KlineLimit"/>; the forming bar is dropped.</summary>
    public async Task<IReadOnlyList<Candle>> KlinesAsync(bool spot, string symbol, string asset, CandleInterval interval,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var baseUrl = spot ? options.SpotBaseUrl : options.FuturesBaseUrl;
        var path = spot ? "api/v3/klines" : "fapi/v1/klines";
        var url = Url(baseUrl, path,
            $"symbol={symbol}&interval={interval.ToCode()}&startTime={from.ToUnixTimeMilliseconds()}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={KlineLimit}");
        var response = await http.GetAsync(url, spot ? 2 : 5, null, cancellationToken);
        using var json = response.Json();
        var now = clock.GetUtcNow();
        var candles = new List<Candle>();
        foreach (var row in json.Root.Items())
        {
            var open = row[0].Millis();
            var closeTime = row[6].Millis();
            if (closeTime > now)
            {
                continue; // still forming
            }

            candles.Add(MarketRows.Candle(row, asset, interval, open,
                (row[1], row[1].Number()), (row[2], row[2].Number()), (row[3], row[3].Number()), (row[4], row[4].Number()),
                row[7].Number(), BinanceSource.SourceName));
        }

        return candles;
    }

    /// <summary>Open interest in USD of a symbol in [from, to), oldest first.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Time, double Usd)>> OpenInterestAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = Url(options.FuturesBaseUrl, "futures/data/openInterestHist",
            $"symbol={symbol}&period={options.OpenInterestPeriod}&startTime={from.ToUnixTimeMilliseconds()}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={OpenInterestLimit}");
        var response = await http.GetAsync(url, 1, null, cancellationToken);
        using var json = response.Json();
        return json.Root.Items().Select(r => (r["timestamp"].Millis(), r["sumOpenInterestValue"].Number()))
            .Where(p => p.Item1 >= from && p.Item1 < to).ToList();
    }

    /// <summary>Funding payments (per-interval rates) of a symbol in [from, to), oldest first, at most <see cref="FundingLimit"/>.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Time, double Rate)>> FundingAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = Url(options.FuturesBaseUrl, "fapi/v1/fundingRate",
            $"symbol={symbol}&startTime={from.ToUnixTimeMilliseconds()}&endTime={to.ToUnixTimeMilliseconds() - 1}&limit={FundingLimit}");
        var response = await http.GetAsync(url, 1, null, cancellationToken);
        using var json = response.Json();
        return json.Root.Items().Select(r => (r["fundingTime"].Millis(), r["fundingRate"].Number())).ToList();
    }

    private static Uri Url(Uri baseUrl, string path, string query) => SourceUrl.Of(baseUrl, path, query);
}
