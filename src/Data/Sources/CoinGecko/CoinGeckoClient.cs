using ReportForge.Data.Market;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.CoinGecko;

/// <summary>CoinGecko v3: the global market snapshot and per-coin daily chart points.</summary>
public sealed class CoinGeckoClient(SourceHttpClient http, CoinGeckoOptions options)
{
    private readonly Dictionary<string, string>? _headers = string.IsNullOrWhiteSpace(options.ApiKey)
        ? null
        : new(StringComparer.Ordinal) { [options.Pro ? "x-cg-pro-api-key" : "x-cg-demo-api-key"] = options.ApiKey };

    /// <summary>Total market cap (USD) as of the snapshot's update time, stored for that UTC date.</summary>
    public async Task<MarketDay> GlobalAsync(CancellationToken cancellationToken)
    {
        using var json = (await http.GetAsync(SourceUrl.Of(options.BaseUrl, "global", ""), 1, _headers, cancellationToken)).Json();
        var data = json.Root["data"];
        var cap = data["total_market_cap"]["usd"].Number();
        if (cap <= 0)
        {
            throw data["total_market_cap"]["usd"].Fail($"total market cap {cap} must be above zero");
        }

        // updated_at is in seconds.
        var updated = DateTimeOffset.FromUnixTimeSeconds(data["updated_at"].Integer());
        return new MarketDay(DateOnly.FromDateTime(updated.UtcDateTime), cap, null, CoinGeckoSource.SourceName);
    }

    /// <summary>Daily points (00:00 UTC) of a coin with dates in [from, to).</summary>
    public async Task<IReadOnlyList<CoinMarketDay>> DailyChartAsync(string asset, string coinId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // from/to are Unix seconds here; interval=daily pins the points to 00:00 UTC.
        var url = SourceUrl.Of(options.BaseUrl, $"coins/{Uri.EscapeDataString(coinId)}/market_chart/range",
            $"vs_currency=usd&from={from.ToUnixTimeSeconds()}&to={to.ToUnixTimeSeconds()}&interval=daily");
        using var json = (await http.GetAsync(url, 1, _headers, cancellationToken)).Json();
        var days = new Dictionary<DateOnly, (double? Price, double? Cap, double? Volume)>();
        Collect(json.Root["prices"], (d, v) => days[d] = days.GetValueOrDefault(d) with { Price = v });
        Collect(json.Root["market_caps"], (d, v) => days[d] = days.GetValueOrDefault(d) with { Cap = v });
        Collect(json.Root["total_volumes"], (d, v) => days[d] = days.GetValueOrDefault(d) with { Volume = v });
        var first = DateOnly.FromDateTime(from.UtcDateTime);
        var last = DateOnly.FromDateTime(to.UtcDateTime);
        return days.Where(d => d.Key >= first && (d.Key < last || (d.Key == last && to.UtcDateTime.TimeOfDay > TimeSpan.Zero)))
            .OrderBy(d => d.Key)
            .Select(d => new CoinMarketDay(d.Key, asset, d.Value.Price, d.Value.Cap, d.Value.Volume, CoinGeckoSource.SourceName))
            .ToList();

        void Collect(JsonNode series, Action<DateOnly, double> set)
        {
            foreach (var point in series.Items())
            {
                var time = point[0].Millis();
                // The last point of a daily chart is "now", not a day's 00:00 value: leave it out.
                if (time.UtcDateTime.TimeOfDay >= TimeSpan.FromMinutes(5))
                {
                    continue;
                }

                set(DateOnly.FromDateTime(time.UtcDateTime), point[1].Number());
            }
        }
    }
}
