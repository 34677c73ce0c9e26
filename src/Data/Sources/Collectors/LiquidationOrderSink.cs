using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using ReportForge.Data.Import;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Sources.Collectors;

/// <summary>Collects the orders of all collectors, drops repeats, and writes them in batches with their hourly tracked buckets.</summary>
/// <remarks>
/// A batch that fails to write stays queued for the next flush, so nothing is lost to a busy database.
/// Repeats are dropped in memory (an exchange re-sends on reconnect) and again by the table's natural key.
/// </remarks>
public sealed class LiquidationOrderSink : IDisposable
{
    private static readonly TimeSpan DedupeWindow = TimeSpan.FromMinutes(30);
    private const long HourMs = 3_600_000;

    private const string RollupSql =
        """
        INSERT INTO liquidations (source, time, interval, asset, exchange, side, usd, orders, tracked)
        SELECT $source, $hour, '1h', asset, exchange, side, SUM(usd), COUNT(*), 1
        FROM liquidation_orders
        WHERE time >= $hour AND time < $hour + 3600000 AND source = $source
        GROUP BY asset, exchange, side
        ON CONFLICT (source, time, interval, asset, exchange, side) DO UPDATE SET
            usd = excluded.usd, orders = excluded.orders, tracked = 1
        WHERE liquidations.usd IS NOT excluded.usd OR liquidations.orders IS NOT excluded.orders OR liquidations.tracked IS NOT 1
        """;

    private readonly ReportForgeDatabase _database;
    private readonly CollectorOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<OrderKey> _seen = [];
    private readonly Queue<(DateTimeOffset Time, OrderKey Key)> _seenOrder = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0);
    private List<LiquidationOrder> _pending = [];
    private long _stored;
    private long _duplicates;

    public LiquidationOrderSink(ReportForgeDatabase database, CollectorOptions options, TimeProvider clock, ILogger<LiquidationOrderSink> logger)
    {
        _database = database;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Orders written to the database so far (new rows only).</summary>
    public long StoredOrders => Interlocked.Read(ref _stored);

    /// <summary>Orders dropped as repeats of one already received.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Orders waiting for the next flush.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Queues orders; a repeat of a recent order (same exchange, symbol, time, side, quantity, price) is dropped.</summary>
    public void Add(IEnumerable<LiquidationOrder> orders)
    {
        var full = false;
        lock (_lock)
        {
            var horizon = _clock.GetUtcNow() - DedupeWindow;
            while (_seenOrder.Count > 0 && _seenOrder.Peek().Time < horizon)
            {
                _seen.Remove(_seenOrder.Dequeue().Key);
            }

            foreach (var order in orders)
            {
                var key = new OrderKey(order.Exchange, order.Symbol, order.Time, order.Side, order.Quantity, order.Price);
                if (!_seen.Add(key))
                {
                    _duplicates++;
                    continue;
                }

                _seenOrder.Enqueue((_clock.GetUtcNow(), key));
                _pending.Add(order);
            }

            full = _pending.Count >= _options.BatchSize;
        }

        if (full)
        {
            _signal.Release();
        }
    }

    /// <summary>Flushes every <see cref="CollectorOptions.FlushInterval"/> (or when a batch is full) until cancelled, then flushes what is left.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await _signal.WaitAsync(_options.FlushInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                await FlushAsync(CancellationToken.None);
            }
        }
        finally
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>Writes the waiting orders in one transaction and refreshes the hourly buckets they touch; returns how many were new.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            List<LiquidationOrder> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    return 0;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                var changed = await WriteAsync(batch, cancellationToken);
                Interlocked.Add(ref _stored, changed);
                return changed;
            }
            catch (Exception e) when (e is DbException or IOException)
            {
                _logger.LogWarning(e, "Writing {Count} liquidation orders failed; they stay queued for the next flush", batch.Count);
                lock (_lock)
                {
                    _pending.InsertRange(0, batch);
                }

                return 0;
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Records a span in which a collector was not connected (its tracked totals there are missing orders).</summary>
    public async Task RecordGapAsync(string collector, DateTimeOffset start, DateTimeOffset end, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO collector_gaps (collector, gap_start, gap_end, reason) VALUES (@collector, @start, @end, @reason)
                ON CONFLICT (collector, gap_start) DO UPDATE SET gap_end = excluded.gap_end, reason = excluded.reason
                """,
                new { collector, start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds(), reason },
                cancellationToken: cancellationToken));
        }
        catch (DbException e)
        {
            _logger.LogWarning(e, "Recording the {Collector} gap from {Start:O} failed", collector, start);
        }
    }

    private async Task<int> WriteAsync(List<LiquidationOrder> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SourceStore.UpsertAsync(transaction, new DataSource(_options.SourceName,
            "Liquidation orders tracked from the exchanges' public streams (a lower bound of the market's total)", false, true), cancellationToken);
        var orders = batch.Select(o => o with { Source = _options.SourceName }).ToList();
        var changed = LiquidationStore.UpsertOrders(transaction, orders, cancellationToken);
        using (var rollup = connection.CreateCommand())
        {
            rollup.Transaction = transaction;
            rollup.CommandText = SqlDialect.For(_database.Provider, RollupSql);
            var source = rollup.CreateParameter();
            source.ParameterName = SqlDialect.Parameter(_database.Provider, "$source");
            source.Value = _options.SourceName;
            rollup.Parameters.Add(source);
            var hour = rollup.CreateParameter();
            hour.ParameterName = SqlDialect.Parameter(_database.Provider, "$hour");
            hour.Value = 0L;
            rollup.Parameters.Add(hour);
            rollup.Prepare();
            foreach (var start in orders.Select(o => o.Time.ToUnixTimeMilliseconds() / HourMs * HourMs).Distinct())
            {
                hour.Value = start;
                rollup.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public void Dispose()
    {
        _flushGate.Dispose();
        _signal.Dispose();
    }

    private readonly record struct OrderKey(string Exchange, string Symbol, DateTimeOffset Time, LiquidationSide Side, double Quantity, double Price);
}
