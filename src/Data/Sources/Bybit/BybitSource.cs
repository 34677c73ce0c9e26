using ReportForge.Data.Candles;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Import;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Bybit;

/// <summary>Ingests Bybit candles (1d, 1h), hourly open interest (valued at the hour's price) and funding for the assets configured for Bybit.</summary>
public sealed class BybitSource(BybitClient client, BybitOptions options) : IIngestSource
{
    public const string SourceName = "bybit";

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "Bybit v5 public market data", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var steps = options.Assets.Length * 4.0;
        var step = 0;
        foreach (var asset in options.Assets)
        {
            var symbol = asset + options.Quote;
            writer.Report(step++ / steps, $"{symbol} 1d candles");
            await CandlesAsync(symbol, asset, CandleInterval.OneDay, window, writer, cancellationToken);
            writer.Report(step++ / steps, $"{symbol} 1h candles");
            var hourly = await CandlesAsync(symbol, asset, CandleInterval.OneHour, window, writer, cancellationToken);
            writer.Report(step++ / steps, $"{symbol} open interest");
            await OpenInterestAsync(symbol, asset, window, hourly, writer, cancellationToken);
            writer.Report(step++ / steps, $"{symbol} funding");
            await FundingAsync(symbol, asset, window, writer, cancellationToken);
        }
    }

    private async Task<Dictionary<DateTimeOffset, Candle>> CandlesAsync(string symbol, string asset, CandleInterval interval, IngestWindow window,
        IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<DateTimeOffset, Candle>();
        var chunk = interval.Length() * BybitClient.KlineLimit;
        var from = SourceUrl.Floor(window.From, interval.Length());
        while (from < window.To)
        {
            var to = from + chunk < window.To ? from + chunk : window.To;
            var page = await client.KlinesAsync(symbol, asset, interval, from, to, cancellationToken);
            if (page.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch { Candles = page }, cancellationToken);
                foreach (var candle in page)
                {
                    seen[candle.Time] = candle;
                }
            }

            from = to;
        }

        return seen;
    }

    private async Task OpenInterestAsync(string symbol, string asset, IngestWindow window, Dictionary<DateTimeOffset, Candle> hourly,
        IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var (points, next) = await client.OpenInterestAsync(symbol, window.From, window.To, cursor, cancellationToken);
            // Bybit gives open interest in coins; the price at that hour turns it into USD. A point without a price is left out.
            var valued = points
                .Select(p => (p.Time, Price: hourly.TryGetValue(p.Time, out var c) ? c.Open : hourly.TryGetValue(p.Time.AddHours(-1), out var prev) ? prev.Close : (double?)null, p.Coins))
                .Where(p => p.Price is not null)
                .Select(p => new DerivativesPoint(p.Time, asset, p.Coins * p.Price!.Value, null, SourceName))
                .ToList();
            if (valued.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch { Derivatives = valued }, cancellationToken);
            }

            cursor = next;
        }
        while (cursor is not null);
    }

    private async Task FundingAsync(string symbol, string asset, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var payments = new List<(DateTimeOffset Time, double Rate)>();
        var to = window.To;
        while (to > window.From)
        {
            var page = await client.FundingAsync(symbol, window.From, to, cancellationToken);
            payments.AddRange(page);
            if (page.Count < BybitClient.PageLimit)
            {
                break;
            }

            to = page.Min(p => p.Time); // newest first: the next page ends where this one began
        }

        foreach (var chunk in MarketRows.PerEightHours(payments).Chunk(1000))
        {
            await writer.StoreAsync(new IngestBatch
            {
                Derivatives = chunk.Select(p => new DerivativesPoint(p.Time, asset, null, p.RatePer8h, SourceName)).ToList(),
            }, cancellationToken);
        }
    }
}
