using ReportForge.Data.Candles;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Import;
using ReportForge.Data.Ingest;

namespace ReportForge.Data.Sources.Okx;

/// <summary>Ingests OKX swap candles (1d UTC, 1h), current open interest and funding for the assets configured for OKX.</summary>
public sealed class OkxSource(OkxClient client, OkxOptions options) : IIngestSource
{
    public const string SourceName = "okx";

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "OKX v5 public market data", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var steps = options.Assets.Length * 4.0;
        var step = 0;
        foreach (var asset in options.Assets)
        {
            var instrument = $"{asset}-{options.Quote}-SWAP";
            foreach (var interval in new[] { CandleInterval.OneDay, CandleInterval.OneHour })
            {
                writer.Report(step++ / steps, $"{instrument} {interval.ToCode()} candles");
                await CandlesAsync(instrument, asset, interval, window, writer, cancellationToken);
            }

            writer.Report(step++ / steps, $"{instrument} open interest");
            if (await client.OpenInterestAsync(instrument, cancellationToken) is { } oi && oi.Time >= window.From && oi.Time < window.To)
            {
                await writer.StoreAsync(new IngestBatch { Derivatives = [new DerivativesPoint(oi.Time, asset, oi.Usd, null, SourceName)] }, cancellationToken);
            }

            writer.Report(step++ / steps, $"{instrument} funding");
            await FundingAsync(instrument, asset, window, writer, cancellationToken);
        }
    }

    private async Task CandlesAsync(string instrument, string asset, CandleInterval interval, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var before = window.To;
        while (before > window.From)
        {
            var (page, oldest) = await client.CandlesAsync(instrument, asset, interval, before, cancellationToken);
            var inWindow = page.Where(c => c.Time >= window.From && c.Time < window.To).ToList();
            if (inWindow.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch { Candles = inWindow }, cancellationToken);
            }

            if (oldest is not { } cursor || cursor >= before)
            {
                break; // an empty page (or a cursor that does not move) means the history ends here
            }

            before = cursor;
        }
    }

    private async Task FundingAsync(string instrument, string asset, IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var payments = new List<(DateTimeOffset Time, double Rate)>();
        var before = window.To;
        while (before > window.From)
        {
            var page = await client.FundingAsync(instrument, before, cancellationToken);
            payments.AddRange(page.Where(p => p.Time >= window.From && p.Time < window.To));
            if (page.Count == 0 || page.Min(p => p.Time) >= before)
            {
                break;
            }

            before = page.Min(p => p.Time);
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
