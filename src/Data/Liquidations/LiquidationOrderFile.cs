using System.Data.Common;
using ReportForge.Data.Import;

namespace ReportForge.Data.Liquidations;

/// <summary>liquidation_orders.csv of the import format (single forced orders).</summary>
public sealed class LiquidationOrderFile : ImportFile<LiquidationOrder, (string, string, DateTimeOffset, LiquidationSide, double, double)>
{
    // Exchanges round price and quantity; a wider gap means the quantity is in contracts, not coins.
    private const double UsdTolerance = 0.02;

    public override string FileName => "liquidation_orders.csv";
    public override IReadOnlyList<string> Columns { get; } = ["time", "exchange", "symbol", "asset", "side", "price", "quantity", "usd"];

    protected override LiquidationOrder ParseRow(ImportRow row, string source)
    {
        var sideText = row.RequiredText("side");
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

        return new LiquidationOrder(row.UtcTime("time"), row.RequiredText("exchange"), row.RequiredText("symbol"),
            row.RequiredText("asset"), side, price, quantity, usd, source);
    }

    protected override (string, string, DateTimeOffset, LiquidationSide, double, double) KeyOf(LiquidationOrder record) =>
        (record.Exchange, record.Symbol, record.Time, record.Side, record.Price, record.Quantity);

    protected override int Store(DbTransaction transaction, IReadOnlyList<LiquidationOrder> records, CancellationToken cancellationToken) =>
        LiquidationStore.UpsertOrders(transaction, records, cancellationToken);
}
