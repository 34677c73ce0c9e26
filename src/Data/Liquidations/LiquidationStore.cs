using System.Data.Common;
using ReportForge.Data.Candles;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Liquidations;

/// <summary>Writes liquidation buckets and single orders.</summary>
public static class LiquidationStore
{
    private const string UpsertBucketSql =
        """
        INSERT INTO liquidations (source, time, interval, asset, exchange, side, usd, orders, tracked)
        VALUES ($source, $time, $interval, $asset, $exchange, $side, $usd, $orders, $tracked)
        ON CONFLICT (source, time, interval, asset, exchange, side) DO UPDATE SET
            usd = excluded.usd, orders = excluded.orders, tracked = excluded.tracked
        WHERE liquidations.usd IS NOT excluded.usd OR liquidations.orders IS NOT excluded.orders
           OR liquidations.tracked IS NOT excluded.tracked
        """;

    private static readonly string[] BucketParameters = ["$source", "$time", "$interval", "$asset", "$exchange", "$side", "$usd", "$orders", "$tracked"];

    /// <summary>The table of single orders.</summary>
    internal const string OrdersTable = "liquidation_orders";

    private const string UpsertOrderSql =
        """
        INSERT INTO liquidation_orders (time, exchange, symbol, asset, side, price, quantity, usd, source)
        VALUES ($time, $exchange, $symbol, $asset, $side, $price, $quantity, $usd, $source)
        ON CONFLICT (exchange, symbol, time, side, price, quantity) DO UPDATE SET
            asset = excluded.asset, usd = excluded.usd, source = excluded.source
        WHERE liquidation_orders.asset IS NOT excluded.asset OR liquidation_orders.usd IS NOT excluded.usd
           OR liquidation_orders.source IS NOT excluded.source
        """;

    private static readonly string[] OrderParameters = ["$time", "$exchange", "$symbol", "$asset", "$side", "$price", "$quantity", "$usd", "$source"];

    /// <summary>Inserts new buckets and updates changed ones; returns how many rows changed.</summary>
    public static int UpsertBuckets(DbTransaction transaction, IEnumerable<LiquidationBucket> buckets, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertBucketSql, BucketParameters, buckets, static (b, p) =>
        {
            p[0].Value = b.Source;
            p[1].Value = b.Time.ToUnixTimeMilliseconds();
            p[2].Value = b.Interval.ToCode();
            p[3].Value = b.Asset;
            p[4].Value = b.Exchange;
            p[5].Value = b.Side.ToCode();
            p[6].Value = b.Usd;
            p[7].Value = PreparedBatch.Nullable(b.Orders);
            p[8].Value = b.Tracked ? 1 : 0;
        }, cancellationToken);

    /// <summary>Inserts new single orders (a repeat of a known order changes nothing); returns how many rows changed.</summary>
    /// <remarks>Orders come by the hundred thousand (imports, collectors), so they take the raw statement path.</remarks>
    public static int UpsertOrders(DbTransaction transaction, IEnumerable<LiquidationOrder> orders, CancellationToken cancellationToken) =>
        PreparedBatch.ExecuteRaw(transaction, UpsertOrderSql, OrderParameters, orders, static (o, b) =>
        {
            b.Int64(0, o.Time.ToUnixTimeMilliseconds());
            b.Text(1, o.Exchange);
            b.Text(2, o.Symbol);
            b.Text(3, o.Asset);
            b.Text(4, o.Side.ToCode());
            b.Double(5, o.Price);
            b.Double(6, o.Quantity);
            b.Double(7, o.Usd);
            b.Text(8, o.Source);
        }, cancellationToken);
}
