using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Binance;

/// <summary>Binance USD-M <c>!forceOrder@arr</c> on the /market/ path: at most one order per symbol per second (a sample).</summary>
public sealed class BinanceLiquidationCollector(CollectorOptions options, LiquidationOrderSink sink, TimeProvider clock, ILogger<BinanceLiquidationCollector> logger)
    : LiquidationCollector("Binance", options.Binance.Url!, options, sink, clock, logger)
{
    protected override IReadOnlyList<LiquidationOrder> Parse(string message) => ParseMessage(message, Url);

    /// <summary>Orders of one stream message: a bare forceOrder event, a {stream,data} wrapper, or an array of events.</summary>
    public static IReadOnlyList<LiquidationOrder> ParseMessage(string message, Uri url)
    {
        using var document = JsonDocument.Parse(message);
        var root = new JsonNode(document.RootElement, "$", url);
        var orders = new List<LiquidationOrder>();
        if (root.Element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.Items())
            {
                Add(item, orders);
            }
        }
        else
        {
            Add(root.Optional("data") ?? root, orders);
        }

        return orders;
    }

    private static void Add(JsonNode evt, List<LiquidationOrder> orders)
    {
        if (evt.Element.ValueKind != JsonValueKind.Object || evt.Optional("e")?.Text() != "forceOrder")
        {
            return; // subscription results and other events
        }

        var o = evt["o"];
        var symbol = o["s"].Text();
        // SELL closes a long: the long was liquidated.
        var side = o["S"].Text() switch
        {
            "SELL" => LiquidationSide.Long,
            "BUY" => LiquidationSide.Short,
            var other => throw o["S"].Fail($"side '{other}' is neither BUY nor SELL"),
        };
        var filled = o.Optional("z") is { } z ? z.Number() : 0;
        var quantity = filled > 0 ? filled : o["q"].Number();
        var average = o.Optional("ap") is { } ap ? ap.Number() : 0;
        var price = average > 0 ? average : o["p"].Number();
        if (price <= 0 || quantity <= 0)
        {
            throw o.Fail($"price {price} and quantity {quantity} must be above zero");
        }

        orders.Add(new LiquidationOrder(o["T"].Millis(), "Binance", symbol, MarketRows.AssetOf(symbol), side, price, quantity, price * quantity, "binance"));
    }
}
