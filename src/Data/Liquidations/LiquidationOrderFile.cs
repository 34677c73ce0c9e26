using System.Data.Common;
using ReportForge.Data.Import;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Liquidations;

/// <summary>liquidation_orders.csv of the import format (single forced orders).</summary>
public sealed class LiquidationOrderFile : ImportFile<LiquidationOrder, LiquidationOrderKey>
{
    // Exchanges round price and quantity; a wider gap means the quantity is in contracts, not coins.
    private const double UsdTolerance = 0.02;

    public override string FileName => "liquidation_orders.csv";
    public override IReadOnlyList<string> Columns { get; } = ["time", "exchange", "symbol", "asset", "side", "price", "quantity", "usd"];

    protected override LiquidationOrder ParseRow(ImportRow row, string source)
    {
        var sideText = row.RequiredName("side");
        if (!LiquidationSides.TryParse(sideText, out var side))
        {
            throw new ImportFieldException("side", $"'{sideText}' is not a side; use long or short");
        }

        var price = row.Number("price");
        var quantity = row.Number("quantity");
        var usd = row.Number("usd");
        if (Math.Abs((price * quantity) - usd) > UsdTolerance * Math.Max(usd, 1))
        {
            throw new ImportFieldException("usd", $"{usd} is not price × quantity ({price * quantity:0.##}); give quantity in coins, not contracts");
        }

        return new LiquidationOrder(row.UtcTime("time"), row.RequiredName("exchange"), row.RequiredName("symbol"),
            row.RequiredName("asset"), side, price, quantity, usd, source);
    }

    protected override LiquidationOrderKey KeyOf(LiquidationOrder record) =>
        new(record.Exchange, record.Symbol, record.Time.UtcTicks, record.Side, record.Price, record.Quantity);

    // A file that brings more orders than the table holds (a first import, a large backfill) is loaded without the
    // table's by-time index, which is built again once at the end: the upsert then writes two B-trees per order instead
    // of three. See LiquidationStore for the orders' table.
    private protected override DeferredIndexes? BeginStore(DbTransaction transaction, long expectedRows, CancellationToken cancellationToken) =>
        DeferredIndexes.DropForBulkLoad(transaction, LiquidationStore.OrdersTable, expectedRows, cancellationToken);

    protected override int Store(DbTransaction transaction, IReadOnlyList<LiquidationOrder> records, CancellationToken cancellationToken) =>
        LiquidationStore.UpsertOrders(transaction, records, cancellationToken);

    // The order that lands each insert next to the one before it in the B-trees the orders go into. With the by-time index
    // dropped (a bulk load) the primary key is the only index: key order (exchange, symbol, time). With it kept, time order:
    // the by-time index grows at its end and the key at one place per exchange and symbol, where key order would spread
    // the by-time inserts over the whole window once per symbol (into 2.4 M stored orders, time order stores 300,000 in
    // 10-15 % less time; into an empty table, key order in 10 % less). A file has no key twice, so the order changes
    // nothing that is stored.
    protected override IReadOnlyList<LiquidationOrder> InStoreOrder(List<LiquidationOrder> records, bool indexesDeferred)
    {
        if (!indexesDeferred && InTimeOrder(records))
        {
            return records; // files list orders by time: nothing to sort
        }

        var sorted = records.ToArray();
        if (indexesDeferred)
        {
            Array.Sort(sorted, static (a, b) =>
            {
                var order = string.CompareOrdinal(a.Exchange, b.Exchange);
                order = order != 0 ? order : string.CompareOrdinal(a.Symbol, b.Symbol);
                return order != 0 ? order : a.Time.CompareTo(b.Time);
            });
        }
        else
        {
            Array.Sort(sorted, static (a, b) => a.Time.CompareTo(b.Time));
        }

        return sorted;
    }

    private static bool InTimeOrder(List<LiquidationOrder> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Time < records[i - 1].Time)
            {
                return false;
            }
        }

        return true;
    }
}
