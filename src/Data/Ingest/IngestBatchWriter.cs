using System.Data.Common;
using ReportForge.Data.Candles;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Import;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Market;
using ReportForge.Data.Sources.CoinGecko;
using ReportForge.Data.Sources.CoinGlass;
using ReportForge.Data.Sources.Feeds;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Ingest;

/// <summary>Stores the batches of one ingest run through the import's upserts, each batch in its own transaction, and counts changed rows per table.</summary>
public sealed class IngestBatchWriter
{
    private readonly ReportForgeDatabase _database;
    private readonly DataSource _registration;
    private readonly IProgress<IngestProgress>? _progress;
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    public IngestBatchWriter(ReportForgeDatabase database, DataSource registration, IProgress<IngestProgress>? progress)
    {
        _database = database;
        _registration = registration;
        _progress = progress;
    }

    /// <summary>Rows inserted or changed per table so far (a table the run wrote to is listed even at 0).</summary>
    public IReadOnlyDictionary<string, int> RowsChanged => _rows;

    /// <summary>Problems the source worked around (a feed that refused us, a region-blocked endpoint with a fallback).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Batches committed so far.</summary>
    public int BatchesStored { get; private set; }

    /// <summary>Stores one batch in one transaction; if any row fails, nothing of the batch is stored.</summary>
    public async Task StoreAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SourceStore.UpsertAsync(transaction, _registration, cancellationToken);
        var counts = new List<(string Table, int Changed)>();
        if (batch.Candles.Count > 0)
        {
            counts.Add(("candles", CandleStore.Upsert(transaction, batch.Candles, cancellationToken)));
        }

        if (batch.LiquidationBuckets.Count > 0)
        {
            counts.Add(("liquidations", LiquidationStore.UpsertBuckets(transaction, batch.LiquidationBuckets, cancellationToken)));
        }

        if (batch.LiquidationOrders.Count > 0)
        {
            counts.Add(("liquidation_orders", LiquidationStore.UpsertOrders(transaction, batch.LiquidationOrders, cancellationToken)));
        }

        if (batch.Derivatives.Count > 0)
        {
            counts.Add(("derivatives", DerivativesStore.Upsert(transaction, batch.Derivatives, cancellationToken)));
        }

        if (batch.MarketDays.Count > 0)
        {
            counts.Add(("market_days", MarketDayStore.Upsert(transaction, batch.MarketDays, cancellationToken)));
        }

        if (batch.Catalysts.Count > 0)
        {
            counts.Add(("catalysts", FeedCatalystStore.Upsert(transaction, batch.Catalysts, cancellationToken)));
        }

        if (batch.CoinMarketDays.Count > 0)
        {
            counts.Add(("coin_market_days", CoinMarketStore.Upsert(transaction, batch.CoinMarketDays, cancellationToken)));
        }

        if (batch.LiquidationSnapshots.Count > 0)
        {
            counts.Add(("liquidation_snapshots", LiquidationSnapshotStore.Upsert(transaction, batch.LiquidationSnapshots, cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        BatchesStored++;
        foreach (var (table, changed) in counts)
        {
            _rows[table] = _rows.GetValueOrDefault(table) + changed;
        }
    }

    /// <summary>Records a problem the source worked around; the run then ends as partial.</summary>
    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>Reports how much of the run is done (0–1) and what it is doing.</summary>
    public void Report(double fraction, string step) =>
        _progress?.Report(new IngestProgress(_registration.Name, Math.Clamp(fraction, 0, 1), step));
}
