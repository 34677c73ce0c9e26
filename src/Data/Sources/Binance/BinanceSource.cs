using ReportForge.Data.Candles;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Import;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Binance;

/// <summary>Ingests Binance USD-M candles (1d, 1h), open interest and funding for the configured assets; spot candles when futures is unavailable.</summary>
public sealed class BinanceSource(BinanceClient client, BinanceOptions options, TimeProvider clock) : IIngestSource
{
    public const string SourceName = "binance";

    // Binance serves open-interest history for the last 30 days only.
    private static readonly TimeSpan OpenInterestHistory = TimeSpan.FromDays(30);

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "Binance USD-M futures public market data (spot candles as fallback)", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var run = new Run();
        var steps = options.Assets.Length * 4.0;
        var step = 0;
        foreach (var asset in options.Assets)
        {
            var symbol = asset + options.Quote;
            foreach (var interval in new[] { CandleInterval.OneDay, CandleInterval.OneHour })
            {
                writer.Report(step++ / steps, $"{symbol} {interval.ToCode()} candles");
                await CandlesAsync(run, symbol, asset, interval, window, writer, cancellationToken);
            }

            writer.Report(step++ / steps, $"{symbol} open interest");
            if (!run.FuturesBlocked)
            {
                await OpenInterestAsync(symbol, asset, window, writer, cancellationToken);
            }

            writer.Report(step++ / steps, $"{symbol} funding");
            if (!run.FuturesBlocked)
            {
                await FundingAsync(symbol, asset, window, writer, cancellationToken);
            }
        }
    }

    private async Task CandlesAsync(Run run, string symbol, string asset, CandleInterval interval, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var spot = run.FuturesBlocked || run.SpotSymbols.Contains(symbol);
        // Fixed chunks of one page each: a page always covers its chunk, so the window is covered whatever the listing date.
        var chunk = interval.Length() * BinanceClient.KlineLimit;
        var from = SourceUrl.Floor(window.From, interval.Length());
        while (from < window.To)
        {
            var to = from + chunk < window.To ? from + chunk : window.To;
            IReadOnlyList<Candle> page;
            try
            {
                page = await client.KlinesAsync(spot, symbol, asset, interval, from, to, cancellationToken);
            }
            catch (SourceBlockedException e) when (!spot && options.SpotFallback && e.Reason == SourceBlockReason.RegionBlocked)
            {
                writer.Warn($"Binance futures is region-blocked (HTTP 451 from {e.Url.Host}): candles taken from spot ({options.SpotBaseUrl.Host}); no open interest or funding from Binance");
                run.FuturesBlocked = true;
                spot = true;
                continue;
            }
            catch (SourceUnavailableException e) when (!spot && options.SpotFallback && e.Status == 400 && e.Detail.Contains("-1121", StringComparison.Ordinal))
            {
                writer.Warn($"{symbol} is not a Binance futures symbol: its candles are taken from spot");
                run.SpotSymbols.Add(symbol);
                spot = true;
                continue;
            }

            if (page.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch { Candles = page }, cancellationToken);
            }

            from = to;
        }
    }

    private async Task OpenInterestAsync(string symbol, string asset, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var period = PeriodLength(options.OpenInterestPeriod);
        if (window.NotBefore(clock.GetUtcNow() - OpenInterestHistory + period) is not { } recent)
        {
            return;
        }

        var from = SourceUrl.Floor(recent.From, period);
        while (from < recent.To)
        {
            var to = from + (period * BinanceClient.OpenInterestLimit) < recent.To ? from + (period * BinanceClient.OpenInterestLimit) : recent.To;
            var points = await client.OpenInterestAsync(symbol, from, to, cancellationToken);
            if (points.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch
                {
                    Derivatives = points.Select(p => new DerivativesPoint(p.Time, asset, p.Usd, null, SourceName)).ToList(),
                }, cancellationToken);
            }

            from = to;
        }
    }

    private async Task FundingAsync(string symbol, string asset, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var payments = new List<(DateTimeOffset Time, double Rate)>();
        var from = window.From;
        while (from < window.To)
        {
            var page = await client.FundingAsync(symbol, from, window.To, cancellationToken);
            payments.AddRange(page);
            if (page.Count < BinanceClient.FundingLimit)
            {
                break;
            }

            from = page[^1].Time.AddMilliseconds(1);
        }

        foreach (var chunk in MarketRows.PerEightHours(payments).Chunk(BinanceClient.FundingLimit))
        {
            await writer.StoreAsync(new IngestBatch
            {
                Derivatives = chunk.Select(p => new DerivativesPoint(p.Time, asset, null, p.RatePer8h, SourceName)).ToList(),
            }, cancellationToken);
        }
    }

    /// <summary>Length of an open-interest period code (5m, 1h, 1d …).</summary>
    public static TimeSpan PeriodLength(string period) => period switch
    {
        "5m" => TimeSpan.FromMinutes(5),
        "15m" => TimeSpan.FromMinutes(15),
        "30m" => TimeSpan.FromMinutes(30),
        "1h" => TimeSpan.FromHours(1),
        "2h" => TimeSpan.FromHours(2),
        "4h" => TimeSpan.FromHours(4),
        "6h" => TimeSpan.FromHours(6),
        "12h" => TimeSpan.FromHours(12),
        "1d" => TimeSpan.FromDays(1),
        _ => throw new InvalidOperationException($"Sources:Binance:OpenInterestPeriod '{period}' is not one of 5m, 15m, 30m, 1h, 2h, 4h, 6h, 12h, 1d."),
    };

    private sealed class Run
    {
        public bool FuturesBlocked { get; set; }
        public HashSet<string> SpotSymbols { get; } = new(StringComparer.Ordinal);
    }
}
