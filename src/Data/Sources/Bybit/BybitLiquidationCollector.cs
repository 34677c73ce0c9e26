using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Bybit;

/// <summary>Bybit v5 <c>allLiquidation.{symbol}</c>: every liquidation of the configured linear symbols.</summary>
public sealed class BybitLiquidationCollector(CollectorOptions options, LiquidationOrderSink sink, TimeProvider clock, ILogger<BybitLiquidationCollector> logger)
    : LiquidationCollector("Bybit", options.Bybit.Url!, options, sink, clock, logger)
{
    // Bybit accepts at most 10 topics per subscribe request.
    private const int TopicsPerRequest = 10;
    private readonly string[] _symbols = options.Bybit.Symbols;

    protected override string? PingMessage => """{"op":"ping"}""";

    protected override IEnumerable<string> SubscribeMessages() =>
        _symbols.Chunk(TopicsPerRequest).Select(symbols =>
            JsonSerializer.Serialize(new { op = "subscribe", args = symbols.Select(s => "allLiquidation." + s).ToArray() }));

    protected override IReadOnlyList<LiquidationOrder> Parse(string message) => ParseMessage(message, Url);

    /// <summary>Orders of one message; acks and pongs yield none.</summary>
    public static IReadOnlyList<LiquidationOrder> ParseMessage(string message, Uri url)
    {
        using var document = JsonDocument.Parse(message);
        var root = new JsonNode(document.RootElement, "$", url);
        if (root.Element.ValueKind != JsonValueKind.Object || root.Optional("topic")?.Text() is not { } topic || !topic.StartsWith("allLiquidation.", StringComparison.Ordinal))
        {
            return [];
        }

        var orders = new List<LiquidationOrder>();
        foreach (var row in root["data"].Items())
        {
            var symbol = row["s"].Text();
            // S is the position side: Buy means a long position was liquidated (the opposite of Binance's order side).
            var side = row["S"].Text() switch
            {
                "Buy" => LiquidationSide.Long,
                "Sell" => LiquidationSide.Short,
                var other => throw row["S"].Fail($"side '{other}' is neither Buy nor Sell"),
            };
            var quantity = row["v"].Number();
            var price = row["p"].Number();
            if (price <= 0 || quantity <= 0)
            {
                throw row.Fail($"price {price} and size {quantity} must be above zero");
            }

            orders.Add(new LiquidationOrder(row["T"].Millis(), "Bybit", symbol, MarketRows.AssetOf(symbol), side, price, quantity, price * quantity, "bybit"));
        }

        return orders;
    }
}
