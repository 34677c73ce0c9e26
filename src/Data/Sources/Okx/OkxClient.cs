using ReportForge.Data.Candles;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Okx;

/// <summary>OKX v5 REST public data, one page per call (OKX pages backwards with an <c>after</c> cursor).</summary>
public sealed class OkxClient(SourceHttpClient http, OkxOptions options, TimeProvider clock)
{
    public const int PageLimit = 100;

    /// <summary>Bars older than <paramref name="before"/> (newest first, at most <see cref="PageLimit"/>), with the unconfirmed bar dropped.</summary>
    /// <returns>The closed bars, and the open time of the oldest row on the page (the next cursor), or null on an empty page.</returns>
    public async Task<(IReadOnlyList<Candle> Candles, DateTimeOffset? Oldest)> CandlesAsync(string instrument, string asset, CandleInterval interval,
        DateTimeOffset before, CancellationToken cancellationToken)
    {
        // 1Dutc: OKX's plain 1D bar starts at Hong Kong midnight.
        var bar = interval == CandleInterval.OneDay ? "1Dutc" : "1H";
        var url = SourceUrl.Of(options.BaseUrl, "api/v5/market/history-candles", $"instId={instrument}&bar={bar}&after={SourceUrl.Ms(before)}&limit={PageLimit}");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        var now = clock.GetUtcNow();
        var candles = new List<Candle>();
        DateTimeOffset? oldest = null;
        foreach (var row in Data(json.Root).Items())
        {
            var open = row[0].Millis();
            oldest = oldest is { } o && o < open ? o : open;
            var confirm = row[8].Text();
            if (confirm != "1" || !MarketRows.IsClosed(open, interval, now))
            {
                continue;
            }

            candles.Add(MarketRows.Candle(row, asset, interval, open,
                (row[1], row[1].Number()), (row[2], row[2].Number()), (row[3], row[3].Number()), (row[4], row[4].Number()),
                row[7].Number(), OkxSource.SourceName));
        }

        return (candles, oldest);
    }

    /// <summary>The current open interest in USD of a swap (OKX serves no history here).</summary>
    public async Task<(DateTimeOffset Time, double Usd)?> OpenInterestAsync(string instrument, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/v5/public/open-interest", $"instType=SWAP&instId={instrument}");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        var row = Data(json.Root).Items().FirstOrDefault();
        return row.Path is null ? null : (row["ts"].Millis(), row["oiUsd"].Number());
    }

    /// <summary>Funding payments older than <paramref name="before"/>, newest first, at most <see cref="PageLimit"/>.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Time, double Rate)>> FundingAsync(string instrument, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/v5/public/funding-rate-history", $"instId={instrument}&after={SourceUrl.Ms(before)}&limit={PageLimit}");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        return Data(json.Root).Items()
            .Select(r => (r["fundingTime"].Millis(), SettledRate(r).Number()))
            .ToList();
    }

    /// <summary>Contract size of each swap: coins per contract for linear swaps (ctValCcy = the coin), USD for inverse ones.</summary>
    public async Task<IReadOnlyDictionary<string, (double CtVal, string CtValCcy)>> SwapContractsAsync(CancellationToken cancellationToken)
    {
        var url = SourceUrl.Of(options.BaseUrl, "api/v5/public/instruments", "instType=SWAP");
        using var json = (await http.GetAsync(url, 1, null, cancellationToken)).Json();
        return Data(json.Root).Items().ToDictionary(r => r["instId"].Text(), r => (r["ctVal"].Number(), r["ctValCcy"].Text()), StringComparer.Ordinal);
    }

    // realizedRate is what was actually paid; it is empty for a payment still being settled.
    private static JsonNode SettledRate(JsonNode row) =>
        row.Optional("realizedRate") is { } realized && !(realized.Element.ValueKind == System.Text.Json.JsonValueKind.String && realized.Element.GetString() is "")
            ? realized
            : row["fundingRate"];

    private static JsonNode Data(JsonNode root)
    {
        var code = root["code"];
        var text = code.Element.ValueKind == System.Text.Json.JsonValueKind.String ? code.Text() : code.Integer().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (text != "0")
        {
            throw code.Fail($"OKX answered code {text}: {root.Optional("msg")?.Element.ToString()}");
        }

        return root["data"];
    }
}
