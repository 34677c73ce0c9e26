using ReportForge.Data.Import;
using ReportForge.Data.Ingest;

namespace ReportForge.Data.Sources.CoinGecko;

/// <summary>Ingests the global market cap (for the day the run reaches) and per-coin daily price, market cap and volume.</summary>
public sealed class CoinGeckoSource(CoinGeckoClient client, CoinGeckoOptions options, TimeProvider clock) : IIngestSource
{
    public const string SourceName = "coingecko";

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "CoinGecko market data", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var coins = options.CoinIds();
        var steps = coins.Count + 1.0;
        var step = 0;
        if (window.NotBefore(now.AddDays(-options.HistoryDays).AddHours(1)) is { } served)
        {
            foreach (var (asset, id) in coins.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                writer.Report(step++ / steps, $"{asset} daily market data");
                var days = await client.DailyChartAsync(asset.ToUpperInvariant(), id, served.From, served.To, cancellationToken);
                if (days.Count > 0)
                {
                    await writer.StoreAsync(new IngestBatch { CoinMarketDays = days }, cancellationToken);
                }
            }
        }

        // /global is a live snapshot: only a run that reaches the present stores it, for the UTC date it describes.
        if (window.To >= now - TimeSpan.FromHours(1))
        {
            writer.Report(step / steps, "global market cap");
            var day = await client.GlobalAsync(cancellationToken);
            await writer.StoreAsync(new IngestBatch { MarketDays = [day] }, cancellationToken);
        }
    }
}
