using ReportForge.Data.Candles;
using ReportForge.Data.Import;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.CoinGlass;

/// <summary>Ingests CoinGlass liquidation history per coin and exchange, the rolling 24 h exchange list and (where the plan allows) the largest single orders.</summary>
public sealed class CoinGlassSource(CoinGlassClient client, CoinGlassOptions options, TimeProvider clock) : IIngestSource
{
    public const string SourceName = "coinglass";

    // The order endpoint serves the last 7 days only.
    private static readonly TimeSpan OrderHistory = TimeSpan.FromDays(7);

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "CoinGlass market-wide liquidation aggregates", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        if (!CandleIntervals.TryParse(options.Interval, out var interval))
        {
            throw new InvalidOperationException($"Sources:CoinGlass:Interval '{options.Interval}' is not 1h or 1d.");
        }

        var steps = (options.Assets.Length * options.Exchanges.Length * (options.IncludeOrders ? 2.0 : 1.0)) + 1;
        var step = 0;
        var chunk = interval.Length() * CoinGlassClient.HistoryLimit;
        foreach (var asset in options.Assets)
        {
            foreach (var exchange in options.Exchanges)
            {
                writer.Report(step++ / steps, $"{asset} on {exchange}: liquidation history");
                var from = SourceUrl.Floor(window.From, interval.Length());
                while (from < window.To)
                {
                    var to = from + chunk < window.To ? from + chunk : window.To;
                    var page = await client.AggregatedHistoryAsync(asset, exchange, interval, from, to, cancellationToken);
                    if (page.Count > 0)
                    {
                        await writer.StoreAsync(new IngestBatch { LiquidationBuckets = page }, cancellationToken);
                    }

                    from = to;
                }
            }
        }

        if (options.IncludeOrders && window.NotBefore(clock.GetUtcNow() - OrderHistory) is { } recent)
        {
            foreach (var asset in options.Assets)
            {
                foreach (var exchange in options.Exchanges)
                {
                    writer.Report(step++ / steps, $"{asset} on {exchange}: largest orders");
                    await OrdersAsync(asset, exchange, recent.From, recent.To, writer, cancellationToken);
                }
            }
        }

        // A rolling 24 h figure describes "now", so only a run that reaches the present stores it.
        if (window.To >= clock.GetUtcNow() - TimeSpan.FromHours(1))
        {
            writer.Report(step / steps, "24 h exchange list");
            var snapshots = await client.ExchangeListAsync(cancellationToken);
            if (snapshots.Count > 0)
            {
                await writer.StoreAsync(new IngestBatch { LiquidationSnapshots = snapshots }, cancellationToken);
            }
        }
    }

    // The endpoint returns at most 200 rows: a full page means the span holds more, so it is halved until each half fits.
    private async Task OrdersAsync(string asset, string exchange, DateTimeOffset from, DateTimeOffset to, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        var page = await client.OrdersAsync(asset, exchange, from, to, cancellationToken);
        if (page.Count >= CoinGlassClient.OrderLimit && to - from > TimeSpan.FromMinutes(1))
        {
            var middle = from + ((to - from) / 2);
            await OrdersAsync(asset, exchange, from, middle, writer, cancellationToken);
            await OrdersAsync(asset, exchange, middle, to, writer, cancellationToken);
            return;
        }

        var inSpan = page.Where(o => o.Time >= from && o.Time < to).ToList();
        if (inSpan.Count > 0)
        {
            await writer.StoreAsync(new IngestBatch { LiquidationOrders = inSpan }, cancellationToken);
        }
    }
}
